namespace Vigil.Config.Model;

/// <summary>
/// <c>authentication { auth_type PASS|AH; auth_pass SECRET }</c>. VRRPv2 only. keepalived uses only
/// the first 8 bytes of the password, NUL-padded on the wire; <see cref="Password"/> holds those
/// bytes' text (already truncated).
/// </summary>
public sealed record Authentication(AuthType Type, string Password, SourceRef Location)
{
    /// <summary>The 8-byte Auth Data field as sent on the wire (NUL padded).</summary>
    public byte[] WireBytes()
    {
        byte[] data = new byte[8];
        System.Text.Encoding.UTF8.GetBytes(Password.AsSpan(), data);
        return data;
    }

    /// <summary>Never print the secret, not even in debug output.</summary>
    public override string ToString() => $"Authentication {{ Type = {Type}, Password = ***, Location = {Location} }}";
}
