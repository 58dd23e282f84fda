using System.Globalization;
using Vigil.Config.Model;

namespace Vigil.Core.Vmac;

/// <summary>
/// Which of an instance's addresses get a VMAC of their own, and its MAC and name, as keepalived 2.2.7's
/// vrrp_complete_instance and create_vmac_name decide (use_vmac_addr on the instance, use_vmac on an address line).
/// </summary>
public static class AddressVmacs
{
    /// <summary>Linux IFNAMSIZ less the terminating NUL.</summary>
    private const int MaxName = 15;

    /// <summary>
    /// An address on another interface ('dev' not the instance's), or of the other family on the instance's interface,
    /// goes on a VMAC of its own with use_vmac_addr; with a per-address use_vmac so does one of the instance's family on
    /// its interface when the instance has no use_vmac (with one, the address is on the instance's VMAC anyway).
    /// </summary>
    public static bool Needs(VrrpInstance instance, AddressEntry entry)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(entry);
        if (instance.Interface is null)
        {
            return false;
        }

        bool sameFamily = entry.IsIPv6 == instance.IsIPv6;
        if (entry.Device is null || entry.Device == instance.Interface)
        {
            return !(instance.UseVmac is not null && sameFamily) && (entry.UseVmac || (instance.UseVmacAddress && !sameFamily));
        }

        return entry.UseVmac || instance.UseVmacAddress;
    }

    /// <summary>The interface the address's VMAC sits on: its 'dev', else the instance's interface.</summary>
    public static string BaseInterface(VrrpInstance instance, AddressEntry entry)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Device ?? instance.Interface!;
    }

    /// <summary>The MAC written on use_vmac, else RFC 5798's 00:00:5e:00:01:VRID (IPv6: 00:00:5e:00:02:VRID).</summary>
    public static byte[] Mac(VrrpInstance instance, bool ipv6)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.UseVmac?.MacAddress is { } written
            ? [.. written.Split(':').Select(b => byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture))]
            : [0x00, 0x00, 0x5e, 0x00, (byte)(ipv6 ? 0x02 : 0x01), (byte)instance.VirtualRouterId];
    }

    /// <summary>
    /// keepalived's create_vmac_name: PREFIX.VRID, else PREFIX1.VRID, PREFIX2.VRID, … (IPv6: PREFIX6.VRID first, then
    /// 1, 2, … skipping 6) until a name is not <paramref name="taken"/>; the prefix is shortened to fit 15 characters.
    /// </summary>
    public static string Name(string prefix, int vrid, bool ipv6, Func<string, bool> taken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(taken);
        string name = Fit(prefix, "", vrid);
        int number = 0;
        for (int attempt = 0; attempt < 100 && taken(name); attempt++)
        {
            number = !ipv6 ? number + 1 : number == 0 ? 6 : number == 6 ? 1 : number + 1 == 6 ? 7 : number + 1;
            name = Fit(prefix, number.ToString(CultureInfo.InvariantCulture), vrid);
        }

        return name;
    }

    private static string Fit(string prefix, string number, int vrid)
    {
        string suffix = $"{number}.{vrid.ToString(CultureInfo.InvariantCulture)}";
        return (prefix.Length + suffix.Length > MaxName ? prefix[..(MaxName - suffix.Length)] : prefix) + suffix;
    }
}
