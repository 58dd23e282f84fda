using Vigil.Config.Diagnostics;
using Vigil.Config.Syntax;
using Vigil.Linux.Host;

namespace Vigil.Cli.Check;

/// <summary>
/// The configuration decides what runs as root (scripts, addresses, routes): a config or include file that
/// someone other than root may change is a privilege hole. keepalived does not check; Vigil warns, naming the
/// file (followed through symbolic links) and the fix.
/// </summary>
internal static class ConfigFileRules
{
    public const string Code = "config-file-permissions";

    public static IEnumerable<Diagnostic> Check(IEnumerable<string> files, HostInspector host)
    {
        foreach (string file in files.Distinct(StringComparer.Ordinal))
        {
            string target = HostInspector.ResolveLink(file) ?? file;
            if (host.LinkStatus(target) is not { } status)
            {
                continue;
            }

            string shown = target == file ? file : $"{file} (-> {target})";
            var at = new SourceLocation(file, 1, 1);
            if (status.Uid != 0)
            {
                yield return new Diagnostic(Severity.Warning, at, Code,
                    $"config file {shown} is owned by uid {status.Uid}, not root: that user can change what Vigil runs as root",
                    $"chown root:root {target}");
            }

            if (status.IsGroupWritable || status.IsWorldWritable)
            {
                string who = status.IsWorldWritable ? "world-writable" : $"group-writable (gid {status.Gid})";
                yield return new Diagnostic(Severity.Warning, at, Code,
                    $"config file {shown} is {who}, mode {Convert.ToString(status.Mode & 0xFFF, 8).PadLeft(4, '0')}: others can change what Vigil runs as root",
                    $"chmod go-w {target}");
            }
        }
    }
}
