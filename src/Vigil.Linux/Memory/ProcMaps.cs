using System.Buffers.Text;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Linux.Memory;

/// <summary>
/// /proc/PID/maps read one line at a time through a 4 KiB stack buffer, each line parsed in place. The start-up trim
/// reads it right after its collection: strings for every line and field (File.ReadLines and Split) stayed resident in
/// the GC's allocation region until the next collection, ≈ 120 KB in the LVS benchmark.
/// </summary>
public static class ProcMaps
{
    private const int BufferSize = 4096;

    /// <summary>One line of maps: "start-end perms offset dev inode [path]"; its spans point into the line.</summary>
    public readonly ref struct Mapping(ulong start, ulong end, ReadOnlySpan<byte> permissions, long offset, ReadOnlySpan<byte> path)
    {
        public ulong Start { get; } = start;

        public ulong End { get; } = end;

        /// <summary>Four characters, as "r-xp".</summary>
        public ReadOnlySpan<byte> Permissions { get; } = permissions;

        public long Offset { get; } = offset;

        /// <summary>The file (UTF-8), or a pseudo name as "[stack]", or empty for anonymous memory.</summary>
        public ReadOnlySpan<byte> Path { get; } = path;
    }

    public delegate void MappingAction<TState>(in Mapping mapping, TState state);

    /// <summary>Calls <paramref name="action"/> for every line of <paramref name="file"/> that parses; a line longer than 4 KiB is skipped.</summary>
    public static void ForEach<TState>(string file, TState state, MappingAction<TState> action)
    {
        using SafeFileHandle handle = File.OpenHandle(file);
        Span<byte> buffer = stackalloc byte[BufferSize];
        int kept = 0;
        long offset = 0;
        bool skipping = false; // inside a line that did not fit
        while (true)
        {
            int read = RandomAccess.Read(handle, buffer[kept..], offset);
            if (read <= 0)
            {
                if (kept > 0 && !skipping && TryParse(buffer[..kept], out Mapping last))
                {
                    action(last, state);
                }

                return;
            }

            offset += read;
            int end = kept + read, start = 0, newline;
            while ((newline = buffer[start..end].IndexOf((byte)'\n')) >= 0)
            {
                if (!skipping && TryParse(buffer.Slice(start, newline), out Mapping mapping))
                {
                    action(mapping, state);
                }

                skipping = false;
                start += newline + 1;
            }

            if (start == 0 && end == buffer.Length)
            {
                skipping = true; // no newline in a full buffer: drop it and what follows up to the next one
                kept = 0;
                continue;
            }

            buffer[start..end].CopyTo(buffer);
            kept = end - start;
        }
    }

    /// <summary>Parses one line of maps (no newline); false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out Mapping mapping)
    {
        mapping = default;
        ReadOnlySpan<byte> range = Field(ref line), permissions = Field(ref line), offsetField = Field(ref line);
        _ = Field(ref line); // device
        ReadOnlySpan<byte> inode = Field(ref line);
        int dash = range.IndexOf((byte)'-');
        if (dash <= 0 || permissions.Length != 4 || inode.IsEmpty
            || !Utf8Parser.TryParse(range[..dash], out ulong start, out int used, 'x') || used != dash
            || !Utf8Parser.TryParse(range[(dash + 1)..], out ulong end, out used, 'x') || used != range.Length - dash - 1
            || end <= start
            || !Utf8Parser.TryParse(offsetField, out long offset, out used, 'x') || used != offsetField.Length)
        {
            return false;
        }

        mapping = new Mapping(start, end, permissions, offset, line.Trim((byte)' '));
        return true;
    }

    /// <summary>The next space-separated field of <paramref name="rest"/>, which is left after it.</summary>
    private static ReadOnlySpan<byte> Field(scoped ref ReadOnlySpan<byte> rest)
    {
        rest = rest.TrimStart((byte)' ');
        int space = rest.IndexOf((byte)' ');
        ReadOnlySpan<byte> field = space < 0 ? rest : rest[..space];
        rest = space < 0 ? [] : rest[(space + 1)..];
        return field;
    }
}
