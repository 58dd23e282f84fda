using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Config.Model;

namespace Vigil.Cli.Json;

/// <summary>
/// Writes authentication without its secret: dumps end up in tickets and chat (keepalived masks
/// auth_pass in dumps since 2ba7adc4; reliability-rules §1.6). The length is kept so a too-long or
/// empty password is still visible.
/// </summary>
internal sealed class AuthenticationJsonConverter : JsonConverter<Authentication>
{
    public override Authentication Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("model dumps are output only");

    public override void Write(Utf8JsonWriter writer, Authentication value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("type", value.Type.ToString().ToUpperInvariant());
        writer.WriteString("password", $"masked ({value.Password.Length} characters)");
        writer.WriteString("location", value.Location.ToString());
        writer.WriteEndObject();
    }
}
