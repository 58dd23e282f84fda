namespace Vigil.Config.Model;

/// <summary>VRRPv2 Auth Type field values (RFC 2338 §5.3.6; kept by RFC 3768 only for compatibility).</summary>
public enum AuthType
{
    None = 0,
    Pass = 1,
    Ah = 2,
}
