using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;

namespace Vigil.Core.Simulation;

/// <summary>
/// A deterministic simulation of VRRP nodes on one LAN: a virtual clock and an event queue drive
/// real <see cref="VirtualRouter"/>s, whose adverts travel as packets through per-link fault
/// injection (loss, delay, jitter, duplication, partitions) and the receivers' validation.
/// Every random choice comes from one seeded <see cref="Random"/>: the same seed, nodes and
/// schedule give the same run.
/// </summary>
public sealed class SimulatedLan
{
    private readonly Random _random;
    private readonly EventQueue<SimEvent> _queue = new();
    private readonly List<SimulatedNode> _nodes = [];
    private readonly Dictionary<VirtualRouter, RouterSlot> _slots = [];
    private readonly Dictionary<(int From, int To), LinkConditions> _links = [];
    private readonly HashSet<(int, int)> _cut = [];
    private readonly List<RouterAction> _actions = [];
    private readonly List<RouterSlot> _touched = [];

    public SimulatedLan(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
    }

    public int Seed { get; }

    /// <summary>Virtual monotonic time.</summary>
    public TimeSpan Now { get; private set; }

    public IReadOnlyList<SimulatedNode> Nodes => _nodes;

    /// <summary>Conditions of every link without its own <see cref="SetLink"/> entry.</summary>
    public LinkConditions DefaultLink { get; set; } = LinkConditions.Clean;

    public List<TransitionRecord> Transitions { get; } = [];

    /// <summary>When true, every sent and accepted advert is recorded in <see cref="Sent"/> and <see cref="Received"/>.</summary>
    public bool RecordTraffic { get; set; }

    public List<AdvertRecord> Sent { get; } = [];

    public List<AdvertRecord> Received { get; } = [];

    public SimulationCounters Counters { get; } = new();

    /// <summary>Called for every state change as it happens (for live output and assertions).</summary>
    public Action<TransitionRecord>? TransitionObserved { get; set; }

    public SimulatedNode AddNode(string name, IEnumerable<SimulatedInstance> instances)
    {
        if (_nodes.Exists(n => string.Equals(n.Name, name, StringComparison.Ordinal)))
        {
            throw new ArgumentException($"node {name} exists already", nameof(name));
        }

        var node = new SimulatedNode(_nodes.Count, name, instances.ToArray());
        _nodes.Add(node);
        return node;
    }

    public SimulatedNode Node(string name) =>
        _nodes.Find(n => string.Equals(n.Name, name, StringComparison.Ordinal))
        ?? throw new ArgumentException($"no node named {name}", nameof(name));

    /// <summary>Sets the conditions of the one-way link <paramref name="from"/> → <paramref name="to"/>.</summary>
    public void SetLink(string from, string to, LinkConditions conditions) => _links[(Node(from).Index, Node(to).Index)] = conditions;

    /// <summary>Removes every per-link setting (all links follow <see cref="DefaultLink"/> again).</summary>
    public void ResetLinks() => _links.Clear();

    /// <summary>Runs <paramref name="control"/> at virtual time <paramref name="time"/> (fault injection, operator actions).</summary>
    public void At(TimeSpan time, Action<SimulatedLan> control) => _queue.Push(time, new SimEvent(EventKind.Control, null, null, default, control));

    /// <summary>Starts all nodes that are not running.</summary>
    public void StartAll()
    {
        foreach (SimulatedNode node in _nodes)
        {
            Start(node.Name);
        }
    }

    /// <summary>Boots a node: fresh routers (and sync groups) for each instance, then Startup.</summary>
    public void Start(string name)
    {
        SimulatedNode node = Node(name);
        if (node.Running)
        {
            return;
        }

        node.Running = true;
        var groups = new Dictionary<string, SyncGroup>(StringComparer.Ordinal);
        for (int i = 0; i < node.Instances.Count; i++)
        {
            SimulatedInstance instance = node.Instances[i];
            var router = new VirtualRouter(instance.Router);
            if (instance.SyncGroup is { } groupName)
            {
                if (!groups.TryGetValue(groupName, out SyncGroup? group))
                {
                    group = new SyncGroup(groupName);
                    groups.Add(groupName, group);
                }

                group.Add(router);
            }

            var slot = new RouterSlot(node, instance, router, node.Wires[i]);
            node.Slots.Add(slot);
            _slots.Add(router, slot);
        }

        foreach (RouterSlot slot in node.Slots.ToArray())
        {
            Step(slot, RouterInput.Startup);
        }
    }

    /// <summary>Kills a node without a word (power loss): no priority 0, no cleanup.</summary>
    public void Crash(string name) => Halt(Node(name));

    /// <summary>Stops a node gracefully: masters send priority 0 first (keepalived SIGTERM).</summary>
    public void Stop(string name)
    {
        SimulatedNode node = Node(name);
        foreach (RouterSlot slot in node.Slots.ToArray())
        {
            Step(slot, RouterInput.Shutdown);
        }

        Halt(node);
    }

    /// <summary>Cuts both directions between every pair of the named nodes.</summary>
    public void Cut(params string[] names)
    {
        for (int i = 0; i < names.Length; i++)
        {
            for (int j = i + 1; j < names.Length; j++)
            {
                _cut.Add(Pair(Node(names[i]).Index, Node(names[j]).Index));
            }
        }
    }

    /// <summary>Separates <paramref name="side"/> from every other node.</summary>
    public void Partition(IEnumerable<string> side)
    {
        var inside = side.Select(n => Node(n).Index).ToHashSet();
        foreach (int a in inside)
        {
            foreach (SimulatedNode other in _nodes)
            {
                if (!inside.Contains(other.Index))
                {
                    _cut.Add(Pair(a, other.Index));
                }
            }
        }
    }

    /// <summary>Heals every cut and partition.</summary>
    public void Heal() => _cut.Clear();

    /// <summary>Feeds a new total priority (as tracking would) to one instance of a running node.</summary>
    public void SetPriority(string node, string instance, int priority) => Input(node, instance, RouterInput.EffectivePriorityChanged(priority));

    /// <summary>Feeds any input to one instance of a running node.</summary>
    public void Input(string node, string instance, RouterInput input)
    {
        RouterSlot? slot = Node(node).Slots.Find(s => string.Equals(s.Instance.Name, instance, StringComparison.Ordinal));
        if (slot is not null)
        {
            Step(slot, input);
        }
    }

    /// <summary>Jumps a node's wall clock (NTP step, admin date change). The protocol runs on monotonic time, so nothing may change.</summary>
    public void StepWallClock(string node, TimeSpan delta) => Node(node).WallClockOffset += delta;

    /// <summary>Processes every event up to and including <paramref name="end"/>, then sets <see cref="Now"/> to it.</summary>
    public void RunUntil(TimeSpan end)
    {
        while (_queue.TryPeekTime(out TimeSpan time) && time <= end)
        {
            _queue.TryPop(out time, out SimEvent e);
            Now = time;
            Counters.Events++;
            switch (e.Kind)
            {
                case EventKind.Deadline:
                    if (e.Slot!.Active && e.Slot.Router.NextDeadline is { } due && due <= time)
                    {
                        e.Slot.Queued = null;
                        Step(e.Slot, RouterInput.DeadlineReached);
                    }

                    break;
                case EventKind.Deliver:
                    Deliver(e.Node!, e.Packet);
                    break;
                case EventKind.Control:
                    e.Control!(this);
                    break;
            }
        }

        Now = end;
    }

    /// <summary>The nodes whose instance with this VRID is master now.</summary>
    public IEnumerable<string> MastersOf(int virtualRouterId) =>
        _nodes.Where(n => n.Slots.Exists(s => s.Router.Options.VirtualRouterId == virtualRouterId && s.Router.State == RouterState.Master))
            .Select(n => n.Name);

    private void Halt(SimulatedNode node)
    {
        foreach (RouterSlot slot in node.Slots)
        {
            if (slot.Router.State != RouterState.Stopped)
            {
                Record(slot, slot.Router.State, RouterState.Stopped, new TransitionReason(TransitionReasonKind.NodeCrashed));
            }

            slot.Active = false;
            _slots.Remove(slot.Router);
        }

        node.Slots.Clear();
        node.Running = false;
    }

    private void Step(RouterSlot slot, in RouterInput input)
    {
        _actions.Clear();
        slot.Router.Step(input, Now, _actions);
        _touched.Clear();
        _touched.Add(slot);
        foreach (RouterAction action in _actions)
        {
            RouterSlot owner = _slots[action.Router];
            if (!_touched.Contains(owner))
            {
                _touched.Add(owner);
            }

            Apply(owner, action);
        }

        foreach (RouterSlot touched in _touched)
        {
            Schedule(touched);
        }
    }

    private void Apply(RouterSlot slot, in RouterAction action)
    {
        switch (action.Kind)
        {
            case RouterActionKind.SendAdvertisement:
                Broadcast(slot, action.Priority);
                break;
            case RouterActionKind.StateChanged:
                Record(slot, action.From, action.To, action.Reason);
                break;
        }
    }

    private void Record(RouterSlot slot, RouterState from, RouterState to, TransitionReason reason)
    {
        var record = new TransitionRecord(
            Now, slot.Node.Name, slot.Instance.Name, slot.Router.Options.VirtualRouterId,
            from, to, reason, Now + slot.Node.WallClockOffset);
        Transitions.Add(record);
        TransitionObserved?.Invoke(record);
    }

    private void Schedule(RouterSlot slot)
    {
        if (slot.Active && slot.Router.NextDeadline is { } due && slot.Queued != due)
        {
            slot.Queued = due;
            _queue.Push(due, new SimEvent(EventKind.Deadline, slot, null, default, null));
        }
    }

    private void Broadcast(RouterSlot sender, int priority)
    {
        Counters.AdvertsSent++;
        if (RecordTraffic)
        {
            Sent.Add(new AdvertRecord(Now, sender.Node.Name, sender.Instance.Name, sender.Wire.VirtualRouterId, priority, sender.Router.State, sender.Router.EffectivePriority));
        }

        if (sender.Wire.UnicastPeers.Count == 0)
        {
            SimPacket packet = sender.Wire.Encode(priority, sender.Wire.Group);
            foreach (SimulatedNode node in _nodes)
            {
                if (node != sender.Node)
                {
                    Send(sender.Node, node, packet);
                }
            }

            return;
        }

        // Unicast: one copy per peer, each with that peer in the v3 pseudo-header (keepalived 2.2.7).
        foreach (NetAddress peer in sender.Wire.UnicastPeers)
        {
            SimPacket packet = sender.Wire.Encode(priority, peer);
            foreach (SimulatedNode node in _nodes)
            {
                if (node != sender.Node && node.Owns(peer))
                {
                    Send(sender.Node, node, packet);
                }
            }
        }
    }

    private void Send(SimulatedNode from, SimulatedNode to, in SimPacket packet)
    {
        if (_cut.Contains(Pair(from.Index, to.Index)))
        {
            Counters.Partitioned++;
            return;
        }

        LinkConditions link = _links.TryGetValue((from.Index, to.Index), out LinkConditions? specific) ? specific : DefaultLink;
        if (link.Loss > 0 && _random.NextDouble() < link.Loss)
        {
            Counters.Lost++;
            return;
        }

        Transmit(to, packet, link);
        if (link.Duplicate > 0 && _random.NextDouble() < link.Duplicate)
        {
            Counters.Duplicated++;
            Transmit(to, packet, link);
        }
    }

    private void Transmit(SimulatedNode to, in SimPacket packet, LinkConditions link)
    {
        TimeSpan delay = link.Delay;
        if (link.Jitter > TimeSpan.Zero)
        {
            delay += TimeSpan.FromTicks((long)(_random.NextDouble() * link.Jitter.Ticks));
        }

        _queue.Push(Now + delay, new SimEvent(EventKind.Deliver, null, to, packet, null));
    }

    private void Deliver(SimulatedNode node, in SimPacket packet)
    {
        if (!node.Running)
        {
            return;
        }

        Counters.Delivered++;
        byte vrid = packet.Message.Length > 1 ? packet.Message[1] : (byte)0;
        for (int i = 0; i < node.Slots.Count; i++)
        {
            RouterSlot slot = node.Slots[i];
            if (slot.Wire.VirtualRouterId != vrid)
            {
                continue;
            }

            DropReason rejected = slot.Wire.Receive(packet, out Advertisement advert);
            if (rejected != DropReason.None)
            {
                Counters.Rejected[rejected] = Counters.Rejected.GetValueOrDefault(rejected) + 1;
                continue;
            }

            Counters.Accepted++;
            if (RecordTraffic)
            {
                Received.Add(new AdvertRecord(Now, node.Name, slot.Instance.Name, vrid, advert.Priority, slot.Router.State, slot.Router.EffectivePriority));
            }

            Step(slot, RouterInput.Advertisement(advert.Priority, advert.AdverIntervalCentiseconds, packet.Source));
        }
    }

    private static (int, int) Pair(int a, int b) => a < b ? (a, b) : (b, a);

    private enum EventKind
    {
        Deadline,
        Deliver,
        Control,
    }

    private readonly record struct SimEvent(EventKind Kind, RouterSlot? Slot, SimulatedNode? Node, SimPacket Packet, Action<SimulatedLan>? Control);
}
