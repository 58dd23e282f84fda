using System.Text.Encodings.Web;
using System.Text.Json;
using Vigil.Lab.Control;

namespace Vigil.Cli.Lab;

/// <summary>
/// The lab's JSON context for people (`vigil lab status --json`): indented, and log lines keep their
/// "->" instead of "\u003E" (the output goes to a terminal or a file, never into HTML); the lab's
/// socket carries one line per message.
/// </summary>
internal static class LabStatusJson
{
    public static LabJson Indented { get; } = new(new JsonSerializerOptions(LabJson.Default.Options)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
