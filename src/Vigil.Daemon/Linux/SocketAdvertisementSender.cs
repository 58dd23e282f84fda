using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Linux;

/// <summary>Encodes adverts with the codec into one reusable buffer and sends them on the raw VRRP socket.</summary>
public sealed class SocketAdvertisementSender : IAdvertisementSender
{
    // RFC 5798 §5: at most 255 addresses; 4,088 bytes for v3 over IPv6.
    private readonly byte[] _buffer = new byte[4096];
    private readonly Dictionary<VirtualRouter, AdvertisementTarget> _targets = new(ReferenceEqualityComparer.Instance);

    public void Register(VirtualRouter router, AdvertisementTarget target) => _targets[router] = target; // a reload re-registers in place

    public void Send(RouterBinding binding, int priority)
    {
        ArgumentNullException.ThrowIfNull(binding);
        AdvertisementTarget target = _targets[binding.Router];
        VirtualRouterOptions options = binding.Router.Options;
        if (!options.PrimaryAddress.Equals(target.SourceAddress))
        {
            // The interface's primary address changed (VrrpEventLoop.Addresses.cs): send from the new one from now on.
            target = new AdvertisementTarget(target.Socket, target.Destinations, options.PrimaryAddress.ToIPAddress(), target.VirtualAddresses, target.Password) { Ttl = target.Ttl };
            _targets[binding.Router] = target;
        }

        int vipLength = VrrpConstants.AddressLength(binding.Family);
        var header = new Advertisement(
            (byte)options.Version,
            binding.Family,
            options.VirtualRouterId,
            (byte)priority,
            (byte)(target.VirtualAddresses.Length / vipLength),
            (ushort)(options.AdvertInterval.Ticks / TimeSpan.TicksPerMillisecond / 10),
            target.Password.Length > 0 ? VrrpAuthType.SimpleText : VrrpAuthType.None);
        for (int i = 0; i < target.Destinations.Count; i++)
        {
            // v3 checksums cover the destination, so unicast writes one copy per peer (keepalived 2.2.7).
            int length = AdvertisementCodec.Write(_buffer, header, target.VirtualAddresses, target.Password, target.SourceAddress, target.DestinationAddresses[i]);
            if (priority == 0 && binding.Router.LacksSourceAddress)
            {
                target.Socket.SendFromLostAddress(_buffer.AsSpan(0, length), target.Destinations[i], target.Source, target.Ttl);
            }
            else
            {
                target.Socket.Send(_buffer.AsSpan(0, length), target.Destinations[i], target.Source, target.Ttl);
            }
        }
    }
}
