using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;

namespace Vigil.Core.Simulation;

/// <summary>A simulated keepalived node: its configured instances and, while running, one router per instance.</summary>
public sealed class SimulatedNode
{
    private readonly HashSet<NetAddress> _addresses;

    internal SimulatedNode(int index, string name, IReadOnlyList<SimulatedInstance> instances)
    {
        Index = index;
        Name = name;
        Instances = instances;
        _addresses = instances.Select(i => i.Router.PrimaryAddress).ToHashSet();
        Wires = instances.Select(i => new SimulatedWire(i)).ToArray();
    }

    public string Name { get; }

    public IReadOnlyList<SimulatedInstance> Instances { get; }

    public bool Running { get; internal set; }

    /// <summary>Offset of this node's wall clock from virtual time; steps of it must change nothing.</summary>
    public TimeSpan WallClockOffset { get; internal set; }

    internal int Index { get; }

    /// <summary>The wire view of each instance (same order as <see cref="Instances"/>), built once.</summary>
    internal SimulatedWire[] Wires { get; }

    internal List<RouterSlot> Slots { get; } = [];

    /// <summary>The running router of instance <paramref name="instance"/> (null while the node is down).</summary>
    public VirtualRouter? Router(string instance) =>
        Slots.Find(s => string.Equals(s.Instance.Name, instance, StringComparison.Ordinal))?.Router;

    public IEnumerable<VirtualRouter> Routers => Slots.Select(s => s.Router);

    public override string ToString() => Name;

    /// <summary>True when one of this node's instances uses <paramref name="address"/> as its primary address.</summary>
    internal bool Owns(NetAddress address) => _addresses.Contains(address);
}

/// <summary>One running router and its place in the simulation.</summary>
internal sealed class RouterSlot(SimulatedNode node, SimulatedInstance instance, VirtualRouter router, SimulatedWire wire)
{
    public SimulatedWire Wire { get; } = wire;

    public SimulatedNode Node { get; } = node;

    public SimulatedInstance Instance { get; } = instance;

    public VirtualRouter Router { get; } = router;

    /// <summary>The deadline already queued for this router (to avoid queueing duplicates).</summary>
    public TimeSpan? Queued { get; set; }

    public bool Active { get; set; } = true;
}
