using Vigil.Config.Model;

namespace Vigil.Config.Binding;

/// <summary>
/// <c>vrrp_strict</c> / <c>strict_mode</c> (reliability-rules §1.4, keepalived.conf(5)). keepalived either
/// refuses or silently converts these; each one is an error here so what runs is what is written.
/// </summary>
internal static class StrictModeRules
{
    private const string Hint = "remove vrrp_strict (or strict_mode) to allow it, or change the instance to follow RFC 5798";

    public static void Check(InstanceBuilder b, VrrpInstance instance, BindContext c)
    {
        string name = instance.Name;
        if (instance.VirtualIpAddresses.IsEmpty)
        {
            c.Error(b.Location, "strict-mode", $"strict mode requires at least one virtual_ipaddress in vrrp_instance {name}", Hint);
        }

        if (!instance.UnicastPeers.IsEmpty)
        {
            c.Error(instance.UnicastPeers[0].Location.Location, "strict-mode", $"strict mode does not allow unicast_peer (vrrp_instance {name})", Hint);
        }

        if (instance.IsIPv6 && instance.VirtualIpAddresses.Count > 0 && !instance.VirtualIpAddresses[0].IsLinkLocal)
        {
            c.Error(instance.VirtualIpAddresses[0].Location.Location, "strict-mode", $"strict mode requires the first IPv6 virtual address of {name} to be link-local (RFC 5798 §5.2.9)",
                "put an fe80:: address first in virtual_ipaddress");
        }

        if (instance.State == InitialState.Master && instance.Priority != 255)
        {
            c.Error(b.State?.Location ?? b.Location, "strict-mode", $"strict mode allows 'state MASTER' only for the address owner (priority 255) in vrrp_instance {name}",
                "write 'state BACKUP', or 'priority 255' on the node that owns the addresses");
        }

        if (b.Authentication is { } auth)
        {
            c.Error(auth.Location, "strict-mode", $"strict mode does not allow authentication (vrrp_instance {name}); keepalived ignores the block", Hint);
        }

        if (b.PreemptDelay is { Value.Ticks: > 0 } delay)
        {
            c.Error(delay.Location, "strict-mode", $"strict mode does not allow preempt_delay (vrrp_instance {name})", Hint);
        }

        if (b.Accept is { Value: true } accept && instance.Version == 2)
        {
            c.Error(accept.Location, "strict-mode", $"strict mode does not allow 'accept' with VRRP version 2 (vrrp_instance {name})", "use 'version 3', or remove vrrp_strict");
        }

        if (instance.VmacXmitBase)
        {
            c.Error(b.Location, "strict-mode", $"strict mode does not allow vmac_xmit_base (vrrp_instance {name})", Hint);
        }

        if (b.HigherPrioritySendAdvert == true)
        {
            c.Error(b.Location, "strict-mode", $"strict mode does not allow higher_prio_send_advert (vrrp_instance {name})", Hint);
        }

        if (b.GarpLowerPriorityRepeat > 0 || b.GarpLowerPriorityDelay > TimeSpan.Zero)
        {
            // keepalived resets both to 0 with "Strict mode requires no repeat garps" / "no repeat garp delay".
            c.Error(b.Location, "strict-mode", $"strict mode does not allow garp_lower_prio_repeat or garp_lower_prio_delay above 0 (vrrp_instance {name})", Hint);
        }

        if (b.LowerPriorityNoAdvert == false)
        {
            c.Error(b.Location, "strict-mode", $"strict mode does not allow turning lower_prio_no_advert off (vrrp_instance {name})", Hint);
        }
    }
}
