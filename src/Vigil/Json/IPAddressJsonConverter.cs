using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Cli.Json;

/// <summary>Writes addresses as their text form ("192.0.2.1"); System.Text.Json has no built-in IPAddress support.</summary>
internal sealed class IPAddressJsonConverter : JsonConverter<IPAddress>
{
    public override IPAddress? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString() is { } text ? IPAddress.Parse(text) : null;

    public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
