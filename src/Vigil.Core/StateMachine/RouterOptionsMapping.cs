using Vigil.Config.Model;
using Vigil.Core.Protocol;

namespace Vigil.Core.StateMachine;

/// <summary>The one place where a configured <see cref="VrrpInstance"/> becomes <see cref="VirtualRouterOptions"/>.</summary>
public static class RouterOptionsMapping
{
    /// <summary>
    /// Maps <paramref name="instance"/>; <paramref name="primaryAddress"/> is the advert source
    /// (mcast_src_ip/unicast_src_ip, or the interface's primary address, which only the host knows).
    /// </summary>
    public static VirtualRouterOptions FromConfig(VrrpInstance instance, NetAddress primaryAddress)
    {
        ArgumentNullException.ThrowIfNull(instance);
        bool initialMaster = instance.State == InitialState.Master;
        return new VirtualRouterOptions
        {
            Name = instance.Name,
            VirtualRouterId = (byte)instance.VirtualRouterId,
            Version = instance.Version,
            Priority = instance.Priority,
            AdvertInterval = instance.AdvertInterval,
            PrimaryAddress = primaryAddress,
            InitialState = initialMaster ? RouterState.Master : RouterState.Backup,
            // keepalived (vrrp.c vrrp_complete_instance): nopreempt and preempt_delay are cleared
            // with `state MASTER` ("will not work with initial state MASTER") and for the owner.
            Preempt = instance.Preempt || initialMaster || instance.Priority == 255,
            PreemptDelay = initialMaster ? TimeSpan.Zero : instance.PreemptDelay,
            DownTimerAdverts = instance.DownTimerAdverts,
            GarpMasterRepeat = instance.Garp.MasterRepeat,
            GarpMasterDelay = instance.Garp.MasterDelay,
            GarpMasterRefresh = instance.Garp.MasterRefresh,
            GarpMasterRefreshRepeat = instance.Garp.MasterRefreshRepeat,
            GarpExtraInterfaceInterval = instance.Garp.ExtraInterfaceInterval,
            GarpLowerPriorityRepeat = instance.Garp.LowerPriorityRepeat,
            GarpLowerPriorityDelay = instance.Garp.LowerPriorityDelay,
            LowerPriorityNoAdvert = instance.LowerPriorityNoAdvert,
            HigherPrioritySendAdvert = instance.HigherPrioritySendAdvert,
        };
    }
}
