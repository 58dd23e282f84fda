using Vigil.Core.Protocol;
using Vigil.Core.Simulation;
using Vigil.Core.StateMachine;

namespace Vigil.Core.Tests.Simulation;

/// <summary>Small helpers that build simulated instances for tests.</summary>
internal static class SimulationBuilders
{
    public static readonly NetAddress Vip = NetAddress.Parse("203.0.113.10");

    public static NetAddress NodeAddress(int index) => NetAddress.Parse($"192.0.2.{10 + index}");

    public static SimulatedInstance Instance(
        int nodeIndex,
        int priority,
        int vrid = 51,
        int version = 2,
        double advertSeconds = 1,
        bool preempt = true,
        string? password = null,
        string name = "VI_1") => new()
        {
            Router = new VirtualRouterOptions
            {
                Name = name,
                VirtualRouterId = (byte)vrid,
                Priority = priority,
                Version = version,
                AdvertInterval = TimeSpan.FromSeconds(advertSeconds),
                Preempt = preempt,
                PrimaryAddress = NodeAddress(nodeIndex),
            },
            VirtualAddresses = [Vip],
            AuthPassword = password,
        };

    public static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);
}
