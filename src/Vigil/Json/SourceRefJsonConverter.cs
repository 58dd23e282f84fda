using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Config.Model;

namespace Vigil.Cli.Json;

/// <summary>Writes where a model element was written as "file:line:col", so a dump points back at the config.</summary>
internal sealed class SourceRefJsonConverter : JsonConverter<SourceRef>
{
    public override SourceRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("model dumps are output only");

    public override void Write(Utf8JsonWriter writer, SourceRef value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
