using System.Text;

namespace Vigil.Lab.Seed;

/// <summary>
/// The corrected seed (examples/seed/, embedded in this assembly) adapted to one lab machine: the
/// paths of /etc/keepalived and /etc/nginx become the machine's own directory, and for
/// <see cref="LabTiming.Fast"/> or nopreempt a few documented lines change. Each rewrite names
/// the exact line it expects, so an edit of the example that breaks the lab fails loudly here.
/// </summary>
public static class SeedFiles
{
    public const string CheckScript = "nginx_check.sh";
    public const string NotifyScript = "notify.sh";
    public const string NginxConfig = "nginx.conf";
    public const string NginxPidFile = "nginx.pid";
    public const string NotifyLog = "notify.log";

    /// <summary>An example file as shipped (master.conf, backup.conf, nginx.conf, nginx_check.sh, notify.sh).</summary>
    public static string Original(string name)
    {
        using Stream stream = typeof(SeedFiles).Assembly.GetManifestResourceStream("seed/" + name)
            ?? throw new LabException($"examples/seed/{name} is not embedded in {typeof(SeedFiles).Assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>master.conf or backup.conf for a machine whose files live in <paramref name="directory"/>.</summary>
    public static string VrrpConfig(string name, string directory, LabTiming timing, bool nopreempt)
    {
        string text = Original(name);
        text = Replace(text, name, "script \"/etc/keepalived/nginx_check.sh\"",
            $"script \"{Path.Combine(directory, CheckScript)} {Path.Combine(directory, NginxConfig)} {Path.Combine(directory, NginxPidFile)}\"");
        text = Replace(text, name, "notify \"/etc/keepalived/notify.sh\"",
            $"notify \"{Path.Combine(directory, NotifyScript)} {Path.Combine(directory, NotifyLog)}\"");
        if (timing == LabTiming.Fast)
        {
            text = Replace(text, name, "    advert_int 1\n", "    advert_int 0.1\n    version 3\n");
            text = Replace(text, name, "    interval 2\n", "    interval 0.5\n    timeout 3\n");
            text = RemoveBlock(text, name, "    authentication {\n");
        }

        if (nopreempt)
        {
            // keepalived honours nopreempt only on a node whose initial state is BACKUP (examples/seed/README.md, defect 2).
            text = text.Contains("    state MASTER\n", StringComparison.Ordinal)
                ? Replace(text, name, "    state MASTER\n", "    state BACKUP\n    nopreempt\n")
                : Replace(text, name, "    state BACKUP\n", "    state BACKUP\n    nopreempt\n");

            // With nopreempt a backup never takes over from a running master, even one whose priority
            // fell below its own (keepalived behaves so: acassen/keepalived#2483), so -20 would move
            // nothing; without a weight a failing check puts the node in FAULT, which releases the VIP.
            text = Replace(text, name, "    weight -20\n", "");
        }

        return text;
    }

    /// <summary>The load balancer's nginx.conf with its PID file and error log in <paramref name="directory"/>.</summary>
    public static string NginxConf(string directory)
    {
        string text = Original(NginxConfig);
        text = Replace(text, NginxConfig, "pid /run/nginx.pid;", $"pid {Path.Combine(directory, NginxPidFile)};");
        return Replace(text, NginxConfig, "error_log /var/log/nginx/error.log;", $"error_log {Path.Combine(directory, "nginx-error.log")};");
    }

    /// <summary>An nginx.conf that nginx refuses to load ("unknown directive"), so the check cannot restart it.</summary>
    public static string BrokenNginxConf(string directory) => "broken_by_vigil_lab;\n" + NginxConf(directory);

    private static string Replace(string text, string file, string expected, string replacement) =>
        text.Contains(expected, StringComparison.Ordinal)
            ? text.Replace(expected, replacement, StringComparison.Ordinal)
            : throw new LabException($"examples/seed/{file} no longer contains '{expected.Trim()}', which the lab rewrites; update Vigil.Lab/Seed/SeedFiles.cs with the example");

    /// <summary>Removes the block opened by the line <paramref name="opening"/>, through its closing brace at the same indentation.</summary>
    private static string RemoveBlock(string text, string file, string opening)
    {
        int start = text.IndexOf(opening, StringComparison.Ordinal);
        string closing = "\n" + opening[..(opening.Length - opening.TrimStart().Length)] + "}\n";
        int end = start < 0 ? -1 : text.IndexOf(closing, start, StringComparison.Ordinal);
        return end < 0
            ? throw new LabException($"examples/seed/{file} no longer contains the block '{opening.Trim()}', which the lab removes; update Vigil.Lab/Seed/SeedFiles.cs with the example")
            : text.Remove(start, end + closing.Length - start);
    }
}
