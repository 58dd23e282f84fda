using System.Text.Json;
using Vigil.Daemon.Status;

namespace Vigil.Cli.Status;

/// <summary>The status JSON context, indented for people (the socket itself carries one line per message).</summary>
internal static class StatusJson
{
    public static StatusJsonContext Indented { get; } = new(new JsonSerializerOptions(StatusJsonContext.Default.Options) { WriteIndented = true });
}
