using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>
/// Resolves each FILE_CHECK's track_file once the whole file is read. keepalived looks the name up when it reads
/// FILE_CHECK, among the track_files declared above it, and ignores the checker when there is none — the real
/// server then runs without that check; Vigil makes both an error.
/// </summary>
internal static class FileCheckRules
{
    public static ValueArray<VirtualServer> Resolve(KeepalivedConfig config, BindContext c)
    {
        var files = config.TrackFiles.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        HashSet<string> names = [.. files.Keys];
        return new(config.VirtualServers.Select(server => server with
        {
            RealServers = new(server.RealServers.Select(real => real with
            {
                Checks = new(real.Checks.Select(check => check is FileCheck { TrackFileName.Length: > 0 } file ? Resolve(file, files, names, c) : check)),
            })),
        }));
    }

    private static FileCheck Resolve(FileCheck check, Dictionary<string, TrackFile> files, HashSet<string> names, BindContext c)
    {
        if (!files.TryGetValue(check.TrackFileName, out TrackFile? file))
        {
            ReferenceRules.Missing(check.TrackFileName, check.Location, "track file", "track_file", names, c, "FILE_CHECK");
            return check;
        }

        if (file.Location.Location.File == check.Location.Location.File && file.Location.Location.Line > check.Location.Location.Line)
        {
            c.Error(check.Location.Location, "undefined-reference", $"track_file {file.Name} is declared below this FILE_CHECK (at {file.Location}); keepalived looks it up when it reads FILE_CHECK and would run the real server without the check",
                $"move 'track_file {file.Name} {{ … }}' above the virtual_server");
        }

        return check with { File = file };
    }
}
