using CsCheck;
using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Protocol;

/// <summary>
/// Property tests (CsCheck; a failure prints the seed that reproduces it): hostile input never
/// throws and only yields a reason, and every valid advertisement survives encode then validate.
/// </summary>
public sealed class AdvertisementPropertyTests
{
    private const string Seed = "0000iGFTylf1";

    private static readonly ReceiveExpectation[] s_instances =
    [
        Packets.V2Pass,
        Packets.V2None,
        Packets.V3,
        Packets.V3Unicast with { UnicastMinTtl = 10, UnicastMaxTtl = 255 },
        Packets.V3Ipv6,
    ];

    private static readonly Gen<PacketEnvelope> s_envelope =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[-1, 255], (v6, multicast, ttl) => v6
            ? new PacketEnvelope(Packets.Peer6, multicast ? VrrpConstants.Ipv6Group : NetAddress.Parse("fe80::2"), ttl)
            : new PacketEnvelope(Packets.Peer4, multicast ? VrrpConstants.Ipv4Group : Packets.Self4, ttl));

    [Fact]
    public void Validate_RandomBytes_NeverThrowsAndAcceptedAdvertsFitTheMessage() =>
        Gen.Select(Gen.Byte.Array[0, 120], s_envelope, Gen.Int[0, s_instances.Length - 1])
            .Sample((bytes, envelope, instance) => AssertNoThrowAndConsistent(bytes, envelope, s_instances[instance]), seed: Seed, iter: 20_000, threads: 1);

    [Fact]
    public void Validate_MutatedValidAdverts_NeverThrow()
    {
        // Random bytes rarely get past the VRID check; mutating valid adverts reaches the deep checks.
        var valid = s_instances.Select(expected =>
        {
            var envelope = expected == Packets.V3Ipv6 ? Packets.Multicast6 : expected.Unicast ? Packets.Unicast4 : Packets.Multicast4;
            return (Message: Packets.For(expected, envelope), Envelope: envelope, Expected: expected);
        }).ToArray();

        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[0, 63].Array[1, 4], Gen.Byte, Gen.Int[-8, 8])
            .Sample((which, positions, value, resize) =>
            {
                var (message, envelope, expected) = valid[which];
                byte[] mutated = new byte[Math.Max(0, message.Length + resize)];
                message.AsSpan(0, Math.Min(message.Length, mutated.Length)).CopyTo(mutated);
                foreach (int position in positions)
                {
                    if (position < mutated.Length)
                    {
                        mutated[position] ^= value;
                    }
                }

                AssertNoThrowAndConsistent(mutated, envelope, expected);
            }, seed: Seed, iter: 20_000, threads: 1);
    }

    [Fact]
    public void WriteThenValidate_AnyValidParameters_AcceptsWithSameFields()
    {
        var gen = Gen.Select(Gen.Int[2, 3], Gen.Bool, Gen.Byte[1, 255], Gen.Byte[1, 255], Gen.Int[1, 20], Gen.Bool)
            .Select((version, v6, vrid, priority, count, pass) => (version: (byte)version, v6: v6 && version == 3, vrid, priority, count, pass: pass && version == 2));

        gen.Sample(p =>
        {
            var family = p.v6 ? IpFamily.IPv6 : IpFamily.IPv4;
            var envelope = p.v6 ? Packets.Multicast6 : Packets.Multicast4;
            var addresses = new byte[p.count * VrrpConstants.AddressLength(family)];
            for (int i = 0; i < addresses.Length; i++)
            {
                addresses[i] = (byte)(i * 7 + p.vrid);
            }

            var expected = new ReceiveExpectation
            {
                Version = p.version,
                VirtualRouterId = p.vrid,
                AdverIntervalCentiseconds = (ushort)(p.version == 2 ? 300 : 25),
                VirtualAddresses = addresses,
                AuthType = p.pass ? VrrpAuthType.SimpleText : VrrpAuthType.None,
                AuthPassword = p.pass ? ReceiveExpectation.PadPassword("pw" + p.vrid) : default,
            };

            byte[] message = Packets.For(expected, envelope, p.priority);
            var reason = AdvertisementValidator.Validate(message, envelope, expected, out var advert, out var notes);

            Assert.Equal(DropReason.None, reason);
            Assert.Equal(ReceiveNotes.None, notes);
            Assert.Equal(p.priority, advert.Priority);
            Assert.Equal(p.count, advert.AddressCount);
            Assert.True(advert.Addresses(message).SequenceEqual(addresses));
        }, seed: Seed, iter: 2_000, threads: 1);
    }

    private static void AssertNoThrowAndConsistent(byte[] message, in PacketEnvelope envelope, ReceiveExpectation expected)
    {
        var reason = AdvertisementValidator.Validate(message, envelope, expected, out var advert, out _);

        Assert.True(Enum.IsDefined(reason));
        if (reason == DropReason.None)
        {
            Assert.Equal(message.Length, advert.Length);
            Assert.Equal(advert.AddressLength, advert.Addresses(message).Length);
            Assert.Equal(advert.Version == 2 ? 8 : 0, advert.AuthData(message).Length);
        }
    }
}
