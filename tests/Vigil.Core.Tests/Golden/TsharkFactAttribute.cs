namespace Vigil.Core.Tests.Golden;

/// <summary>A [Fact] that is skipped, saying why, when tshark is not installed.</summary>
public sealed class TsharkFactAttribute : FactAttribute
{
    public TsharkFactAttribute()
    {
        if (Tshark.Path is null)
        {
            Skip = "tshark is not installed (apt-get install tshark); the Wireshark VRRP dissector check needs it.";
        }
    }
}
