using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;

namespace Vigil.Core.Simulation;

/// <summary>An encoded advert in flight, with the IP header fields the receiver checks.</summary>
internal readonly record struct SimPacket(byte[] Message, NetAddress Source, NetAddress Destination);

/// <summary>
/// One instance's view of the wire, built once: it encodes adverts with the real codec and runs
/// received bytes through the real receive validation (reliability-rules.md §2), so the
/// simulation refuses exactly what a node would (wrong password, version, interval …).
/// </summary>
internal sealed class SimulatedWire
{
    private readonly SimulatedInstance _instance;
    private readonly byte[] _addresses;
    private readonly byte[] _password;
    private readonly ReceiveExpectation _expectation;
    private readonly IpFamily _family;
    private readonly ushort _intervalCentiseconds;

    public SimulatedWire(SimulatedInstance instance)
    {
        _instance = instance;
        VirtualRouterOptions r = instance.Router;
        _family = r.PrimaryAddress.Family;
        _intervalCentiseconds = (ushort)(r.AdvertInterval.Ticks / (TimeSpan.TicksPerMillisecond * 10));
        _addresses = ReceiveExpectation.AddressBytes(instance.VirtualAddresses.ToArray());
        _password = instance.AuthPassword is { } pass ? ReceiveExpectation.PadPassword(pass) : [];
        _expectation = new ReceiveExpectation
        {
            Version = (byte)r.Version,
            VirtualRouterId = r.VirtualRouterId,
            AdverIntervalCentiseconds = _intervalCentiseconds,
            VirtualAddresses = _addresses,
            AuthType = AuthType,
            AuthPassword = _password,
            Unicast = instance.UnicastPeers.Count > 0,
            UnicastPeers = instance.UnicastPeers.ToArray(),
        };
    }

    public int VirtualRouterId => _instance.Router.VirtualRouterId;

    public IReadOnlyList<NetAddress> UnicastPeers => _instance.UnicastPeers;

    public NetAddress Group => _family == IpFamily.IPv6 ? VrrpConstants.Ipv6Group : VrrpConstants.Ipv4Group;

    private VrrpAuthType AuthType => _instance.AuthPassword is null || _instance.Router.Version == 3 ? VrrpAuthType.None : VrrpAuthType.SimpleText;

    /// <summary>Encodes one advert with <paramref name="priority"/> to <paramref name="destination"/> (the group, or one unicast peer).</summary>
    public SimPacket Encode(int priority, NetAddress destination)
    {
        var header = new Advertisement(
            (byte)_instance.Router.Version, _family, _instance.Router.VirtualRouterId, (byte)priority,
            (byte)_instance.VirtualAddresses.Count, _intervalCentiseconds, AuthType);
        byte[] message = new byte[header.Length];
        AdvertisementCodec.Write(message, header, _addresses, _password, _instance.Router.PrimaryAddress, destination);
        return new SimPacket(message, _instance.Router.PrimaryAddress, destination);
    }

    /// <summary>Validates a received packet as this instance; <see cref="DropReason.None"/> means accepted.</summary>
    public DropReason Receive(in SimPacket packet, out Advertisement advertisement)
    {
        var envelope = new PacketEnvelope(packet.Source, packet.Destination, VrrpConstants.RequiredTtl);
        return AdvertisementValidator.Validate(packet.Message, envelope, _expectation, out advertisement, out _);
    }
}
