using System.Text.Json;
using Vigil.Lab.Control;

namespace Vigil.Cli.Lab;

/// <summary>The lab's JSON context, indented for people (`vigil lab status --json`); the lab's socket carries one line per message.</summary>
internal static class LabStatusJson
{
    public static LabJson Indented { get; } = new(new JsonSerializerOptions(LabJson.Default.Options) { WriteIndented = true });
}
