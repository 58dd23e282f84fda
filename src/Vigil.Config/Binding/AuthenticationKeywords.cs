using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// <c>authentication { auth_type PASS|AH; auth_pass SECRET }</c>. keepalived uses only the first 8 bytes
/// of the password (the VRRPv2 Auth Data field is 8 bytes, RFC 2338 §5.3.10): longer ones are truncated with a warning.
/// </summary>
internal static class AuthenticationKeywords
{
    public const int MaxPasswordBytes = 8;

    public const string AhRefusedCode = "auth-ah-unsupported";

    public static KeywordTable<Box<(Located<AuthType>? Type, Located<string>? Pass)>> Table { get; } = new("authentication",
    [
        Keyword<Box<(Located<AuthType>? Type, Located<string>? Pass)>>.Line("auth_type", (b, n, c) =>
        {
            switch (c.Word(n, "PASS or AH"))
            {
                case "PASS":
                    b.Value = b.Value with { Type = new(AuthType.Pass, n.Location) };
                    break;
                case "AH":
                    // Vigil cannot send IPsec-AH adverts (it would send auth type 0): an AH peer drops them and both become master.
                    c.Error(n.Arguments[0].Location, AhRefusedCode,
                        "'auth_type AH' is not supported: Vigil cannot send AH-authenticated adverts, so a keepalived peer using AH would drop them and both nodes would become master (split brain); RFC 3768 removed AH from VRRP",
                        "change every node of this virtual router together: 'auth_type PASS' with the same 'auth_pass', or remove the authentication block on all of them");
                    b.Value = b.Value with { Type = new(AuthType.Ah, n.Location) }; // keeps the block complete: no second, consequential error
                    break;
                case { } other:
                    c.Error(n.Arguments[0].Location, "invalid-value", $"'auth_type {other}' is not an authentication type", "write 'auth_type PASS'");
                    break;
            }
        }),
        Keyword<Box<(Located<AuthType>? Type, Located<string>? Pass)>>.Line("auth_pass", (b, n, c) =>
        {
            if (c.Word(n, "a password") is { } pass)
            {
                b.Value = b.Value with { Pass = new(pass, n.Arguments[0].Location) };
            }
        }),
    ],
    []);

    public static Located<Authentication>? Build((Located<AuthType>? Type, Located<string>? Pass) raw, ConfigNode block, BindContext context)
    {
        if (raw.Type is not { } type)
        {
            context.Error(block.Location, "missing-keyword", "'authentication' has no auth_type; keepalived would ignore the block",
                "add 'auth_type PASS' and 'auth_pass SECRET' inside the block, or remove the block on every node");
            return null;
        }

        string password = raw.Pass?.Value ?? "";
        if (type.Value == AuthType.Pass && raw.Pass is null)
        {
            context.Error(block.Location, "missing-keyword", "'auth_type PASS' needs an 'auth_pass'", "add 'auth_pass SECRET' (up to 8 characters), the same on every node");
            return null;
        }

        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(password);
        if (bytes.Length > MaxPasswordBytes)
        {
            int length = MaxPasswordBytes;
            while (length > 0 && (bytes[length] & 0xC0) == 0x80)
            {
                length--; // never cut a UTF-8 sequence in half
            }

            password = System.Text.Encoding.UTF8.GetString(bytes, 0, length);
            context.Warning(raw.Pass!.Value.Location, "truncated", $"auth_pass is longer than 8 bytes; only the first 8 are used (keepalived does the same)",
                "shorten the password to 8 characters on every node so what you read is what is compared");
        }

        return new Located<Authentication>(new Authentication(type.Value, password, block.Location), block.Location);
    }
}
