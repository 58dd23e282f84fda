using Vigil.Config.Model;

namespace Vigil.Daemon.Hosting;

/// <summary>
/// Where a VIP lives, as keepalived 2.2.7's vrrp_complete_instance decides; one rule for the daemon (which adds the
/// address there, by index) and status (which names the device and compares it with the kernel's addresses).
/// </summary>
internal static class VipHome
{
    /// <summary>
    /// A VIP without 'dev', or naming the instance's own interface, goes on <paramref name="instanceHome"/> (the
    /// instance's VMAC when it has one, else its interface) if it is of the instance's family, else on
    /// <paramref name="baseInterface"/>; one naming another device goes on that (<paramref name="named"/>).
    /// </summary>
    public static T Of<T>(VrrpInstance instance, AddressEntry entry, T baseInterface, T instanceHome, Func<string, T> named) =>
        entry.Device is { } device && device != instance.Interface ? named(device)
        : entry.IsIPv6 == instance.IsIPv6 ? instanceHome
        : baseInterface;
}
