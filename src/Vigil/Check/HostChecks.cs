using Vigil.Config.Diagnostics;

namespace Vigil.Cli.Check;

/// <summary>Checks that depend on the host the configuration will run on (see <see cref="HostRules"/>).</summary>
internal static class HostChecks
{
    public static IEnumerable<Diagnostic> For(CheckedNode node)
    {
        var host = new Vigil.Linux.Host.HostInspector();
        return [.. ConfigFileRules.Check(node.SourceFiles, host), .. HostRules.Check(node.Config, host)];
    }
}
