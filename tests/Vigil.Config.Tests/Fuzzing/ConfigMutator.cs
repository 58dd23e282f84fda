using System.Text;
using CsCheck;

namespace Vigil.Config.Tests.Fuzzing;

/// <summary>One fuzz input: the text of the main file, the config id it is read with, and the seed it came from (-1: none).</summary>
internal sealed record FuzzConfig(string Text, string? ConfigId, int Seed)
{
    public override string ToString() => $"seed {(Seed < 0 ? "(random tokens)" : FuzzSeeds.All[Seed].Name)}, config id {ConfigId ?? "(none)"}:\n{Text}";
}

/// <summary>
/// Token-level mutations of keepalived.conf text, as CsCheck generators (so a failure shrinks to few, small edits):
/// lines dropped, duplicated, swapped or borrowed from another seed; words replaced or inserted from a pool of hostile
/// values (numbers out of range, empty quotes, parameters, ~SEQ, includes of missing files, unicode) and of the seeds'
/// own keywords; braces added or removed; the text truncated. Also fully random token streams.
/// </summary>
internal static class ConfigMutator
{
    private static readonly string[] s_hostile =
    [
        "0", "-1", "1", "2", "3", "255", "256", "65535", "65536", "4294967295", "4294967296", "99999999999999999999999",
        "-9223372036854775809", "1e9", "0x10", "0.001", "1.5", "-0", "+5", "NaN", "\"\"", "\"", "''", "\"a b\"", "{", "}",
        "{}", "}{", "$X", "${X}", "$", "${", "${X", "$X=", "$X=$X", "$X={$X", "$A=~SEQ(i,1,2) $A", "${_INSTANCE}", "${_RANDOM}",
        "~SEQ(i,1,3)", "~SEQ(i,3,1,-1)", "~SEQ(i,0,1000000000)", "~SEQ(i,1,200)", "~SEQ(i,1,20) ~SEQ(j,1,20)", "~SEQ(", "~SEQ(i)", "~SEQx(i,0,255)",
        "~LST(v,a,b)", "~LST(", "@main", "@^main", "@", "@^", "!", "#", "\\", "include", "include /nonexistent.conf",
        "include /etc/keepalived/conf.d/*.conf", "include /etc/keepalived/keepalived.conf", "include /etc/keepalived/nowhere/*.conf",
        "include ../../../../../etc/shadow", "include /dev/zero", "include {", "ü", "\u202e", "\U0001F600", "\u0000", "\t", "\r",
        "192.0.2.1/33", "300.1.1.1", "::", "::/0", "fe80::1%eth0", "2001:db8::1/129", "192.0.2.1-300", "192.0.2.1-2", "0.0.0.0/0",
        "224.0.0.18", "ff02::12", "dev", "label", "brd", "scope", "nopreempt", "BACKUP", "MASTER", "FAULT", "weight", "-254", "254",
        "interval", "script", "\"/bin/true\"", "/bin/true", "root", "nobody", "vrrp_instance", "vrrp_sync_group", "virtual_server",
        "real_server", "track_script", "track_interface", "unicast_peer", "virtual_ipaddress", "virtual_ipaddress_excluded",
        "virtual_routes", "virtual_rules", "static_routes", "static_rules", "static_ipaddress", "authentication", "auth_type",
        "AH", "PASS", "global_defs", "vrrp_script", "track_file", "track_process", "garp_group", "notify_fifo", "use_vmac",
        "version", "priority", "advert_int", "virtual_router_id", "interface", new string('a', 300), new string('9', 300),
    ];

    private const string Newline = "\n";

    /// <summary>Hostile values first, then every word of the seeds.</summary>
    private static readonly string[] s_pool = [.. s_hostile, .. FuzzSeeds.Words];

    private static readonly string[][] s_seedLines = [.. FuzzSeeds.All.Select(s => s.Text.Split('\n'))];

    private static readonly string[] s_allLines = [.. s_seedLines.SelectMany(l => l)];

    private static readonly string?[] s_configIds = [null, "main", "high", "low"];

    private enum Edit
    {
        DeleteLine,
        DuplicateLine,
        SwapLines,
        RepeatLine,
        BorrowLine,
        InsertLine,
        ReplaceWord,
        InsertWord,
        DeleteWord,
        InsertBrace,
        DeleteBraces,
        ContinueLine,
        Truncate,
    }

    private readonly record struct Mutation(Edit Edit, int A, int B, int C);

    private static readonly Gen<Mutation> s_mutation =
        Gen.Select(Gen.Int[0, (int)Edit.Truncate], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], (e, a, b, c) => new Mutation((Edit)e, a, b, c));

    /// <summary>A seed with one to eight edits.</summary>
    public static Gen<FuzzConfig> Mutated { get; } =
        Gen.Select(Gen.Int[0, s_seedLines.Length - 1], s_mutation.Array[1, 8], Gen.Int[0, s_configIds.Length - 1],
            (seed, edits, id) => new FuzzConfig(Apply(s_seedLines[seed], edits), s_configIds[id], seed));

    /// <summary>Up to 300 tokens from the pool, braces and line ends: keyword soup with no seed structure.</summary>
    public static Gen<FuzzConfig> RandomTokens { get; } =
        Gen.Select(Gen.Int[0, s_pool.Length + 2].Array[0, 300], Gen.Int[0, s_configIds.Length - 1], (tokens, id) =>
        {
            var text = new StringBuilder();
            foreach (int token in tokens)
            {
                string word = token < s_pool.Length ? s_pool[token] : token == s_pool.Length ? "{" : token == s_pool.Length + 1 ? "}" : Newline;
                text.Append(word).Append(word == Newline ? "" : " ");
            }

            return new FuzzConfig(text.ToString(), s_configIds[id], -1);
        });

    private static string Apply(string[] seedLines, Mutation[] edits)
    {
        var lines = new List<string>(seedLines);
        int truncateAt = -1;
        foreach (Mutation m in edits)
        {
            if (m.Edit == Edit.Truncate)
            {
                truncateAt = m.A;
                continue;
            }

            if (lines.Count == 0)
            {
                lines.Add("");
            }

            int line = m.A % lines.Count;
            string payload = s_pool[m.C % s_pool.Length];
            switch (m.Edit)
            {
                case Edit.DeleteLine:
                    lines.RemoveAt(line);
                    break;
                case Edit.DuplicateLine:
                    lines.Insert(m.B % (lines.Count + 1), lines[line]);
                    break;
                case Edit.SwapLines:
                    int other = m.B % lines.Count;
                    (lines[line], lines[other]) = (lines[other], lines[line]);
                    break;
                case Edit.RepeatLine:
                    lines.InsertRange(line, Enumerable.Repeat(lines[line], (m.C % 50) + 1));
                    break;
                case Edit.BorrowLine:
                    lines.Insert(line, s_allLines[m.C % s_allLines.Length]);
                    break;
                case Edit.InsertLine:
                    lines.Insert(line, payload);
                    break;
                case Edit.ReplaceWord:
                    lines[line] = EditWords(lines[line], words => words[m.B % words.Count] = payload);
                    break;
                case Edit.InsertWord:
                    lines[line] = EditWords(lines[line], words => words.Insert(m.B % (words.Count + 1), payload));
                    break;
                case Edit.DeleteWord:
                    lines[line] = EditWords(lines[line], words => words.RemoveAt(m.B % words.Count));
                    break;
                case Edit.InsertBrace:
                    lines[line] = EditWords(lines[line], words => words.Insert(m.B % (words.Count + 1), m.C % 2 == 0 ? "{" : "}"));
                    break;
                case Edit.DeleteBraces:
                    lines[line] = lines[line].Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
                    break;
                case Edit.ContinueLine:
                    lines[line] += " \\";
                    break;
            }
        }

        string text = string.Join('\n', lines);
        return truncateAt < 0 || text.Length == 0 ? text : text[..(truncateAt % text.Length)];
    }

    private static string EditWords(string line, Action<List<string>> edit)
    {
        var words = new List<string>(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (words.Count == 0)
        {
            words.Add("");
        }

        edit(words);
        return string.Join(' ', words);
    }
}
