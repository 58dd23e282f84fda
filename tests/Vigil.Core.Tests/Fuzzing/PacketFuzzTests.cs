using System.Buffers.Binary;
using System.Diagnostics;
using Vigil.Core.Protocol;
using Vigil.Core.Tests.Golden;
using Xunit.Abstractions;

namespace Vigil.Core.Tests.Fuzzing;

/// <summary>
/// Fuzzing of the receive checks (<see cref="AdvertisementValidator"/>, which runs the codec and checksum) with
/// 1,000,000 packets per run: keepalived's captured adverts (Golden/vectors) mutated (bit flips, interesting bytes,
/// truncation and extension, the address count set to match the length, version/type/auth/interval fields, the
/// envelope's TTL, source and destination) with the checksum recomputed half the time so the deep checks are
/// reached, and random bytes. Every packet ends in a defined drop reason or an acceptance that is consistent with the
/// message, never an exception, and the harness loop allocates nothing. Each run uses a new seed, printed;
/// VIGIL_FUZZ_SEED=SEED replays a run, VIGIL_FUZZ_SCALE=N runs N times the count.
/// </summary>
public sealed class PacketFuzzTests(ITestOutputHelper output)
{
    private const int Packets = 1_000_000;

    private static readonly byte[] s_interesting = [0x00, 0x01, 0x02, 0x03, 0x07, 0x10, 0x20, 0x21, 0x22, 0x31, 0x32, 0x33, 0x64, 0x7F, 0x80, 0xFE, 0xFF];

    private sealed record Base(byte[] Message, PacketEnvelope Envelope, ReceiveExpectation[] Expectations);

    [Fact]
    public void Validate_MutatedGoldenVectorsAndRandomBytes_DefinedReasonNeverThrows()
    {
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("VIGIL_FUZZ_SEED"), out ulong given) ? given : (ulong)Random.Shared.NextInt64();
        int scale = int.TryParse(Environment.GetEnvironmentVariable("VIGIL_FUZZ_SCALE"), out int s) && s > 0 ? s : 1;
        long count = (long)Packets * scale;
        Base[] bases = Bases();
        var counters = new ReceiveCounters();
        byte[] buffer = new byte[VrrpConstants.MaxMessageLength + 32];

        // Warm the path up so the allocation count below measures the loop, not the JIT's first calls.
        Run(bases, buffer, counters, seed, 0, 1000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        long started = Stopwatch.GetTimestamp();

        Run(bases, buffer, counters, seed, 1000, count);

        TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{count} packets in {elapsed.TotalSeconds:F2} s, {allocated} bytes allocated, seed {seed} (VIGIL_FUZZ_SEED to replay)");
        foreach (DropReason reason in Enum.GetValues<DropReason>())
        {
            output.WriteLine($"  {reason}: {counters[reason]}");
        }

        Assert.True(allocated < 64 * 1024, $"the loop allocated {allocated} bytes for {count} packets");

        // The mutations reach every check the receive path can fail, and acceptance (NotVrrp is the IPv4 layer's, in Vigil.Linux).
        foreach (DropReason reason in Enum.GetValues<DropReason>().Where(r => r != DropReason.NotVrrp))
        {
            Assert.True(counters[reason] > 0, $"no packet ended in {reason} (seed {seed})");
        }
    }

    private static void Run(Base[] bases, byte[] buffer, ReceiveCounters counters, ulong seed, long first, long end)
    {
        for (long i = first; i < end; i++)
        {
            var random = new SplitMix(seed ^ ((ulong)i * 0x9E37_79B9_7F4A_7C15));
            int length = Generate(bases, buffer, ref random, out PacketEnvelope envelope, out ReceiveExpectation expected);
            ReadOnlySpan<byte> message = buffer.AsSpan(0, length);
            DropReason reason;
            try
            {
                reason = AdvertisementValidator.Validate(message, envelope, expected, out Advertisement advert, out ReceiveNotes notes);
                if ((int)reason >= DropReasonInfo.Count || (reason == DropReason.None && !Consistent(message, envelope, expected, advert, notes)))
                {
                    throw new InvalidOperationException($"outcome {reason}");
                }
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(
                    $"packet {i} of seed {seed} (VIGIL_FUZZ_SEED={seed}): {e.Message}; message {Convert.ToHexString(message)}, " +
                    $"envelope {envelope}, expected v{expected.Version} vrid {expected.VirtualRouterId} unicast {expected.Unicast}", e);
            }

            counters.Record(reason);
        }
    }

    /// <summary>What acceptance promises the state machine: the message is exactly the advert, for this instance, with a valid checksum.</summary>
    private static bool Consistent(ReadOnlySpan<byte> message, in PacketEnvelope envelope, ReceiveExpectation expected, in Advertisement advert, ReceiveNotes notes)
    {
        bool checksum = VrrpChecksum.Verify(message, advert.Version, envelope, expected.V3ChecksumAsV2)
            || ((notes & ReceiveNotes.AlternateChecksumForm) != 0 && VrrpChecksum.Verify(message, advert.Version, envelope, !expected.V3ChecksumAsV2));
        return advert.Length == message.Length
            && advert.VirtualRouterId == expected.VirtualRouterId
            && advert.Version == expected.Version
            && advert.Type == VrrpConstants.TypeAdvertisement
            && advert.AddressCount > 0
            && advert.Addresses(message).Length == advert.AddressCount * VrrpConstants.AddressLength(envelope.Family)
            && advert.AuthData(message).Length == (advert.Version == 2 ? VrrpConstants.AuthDataLength : 0)
            && checksum;
    }

    private static int Generate(Base[] bases, byte[] buffer, ref SplitMix random, out PacketEnvelope envelope, out ReceiveExpectation expected)
    {
        Base b = bases[random.Below(bases.Length)];
        expected = b.Expectations[random.Below(4) == 0 ? random.Below(b.Expectations.Length) : 0];
        envelope = b.Envelope;
        int length;
        if (random.Below(8) == 0)
        {
            // Random bytes, with the VRID of the instance now and then so they get past the first checks.
            length = random.Below(90);
            random.Fill(buffer.AsSpan(0, length));
            if (length > 1 && random.Below(2) == 0)
            {
                buffer[1] = expected.VirtualRouterId;
            }
        }
        else
        {
            length = b.Message.Length;
            b.Message.CopyTo(buffer, 0);
            int edits = 1 + random.Below(4);
            for (int e = 0; e < edits; e++)
            {
                length = Mutate(buffer, length, envelope.Family, ref random);
            }
        }

        if (random.Below(8) == 0)
        {
            envelope = MutateEnvelope(envelope, ref random);
        }

        if (length >= VrrpConstants.HeaderLength && random.Below(2) == 0)
        {
            // Reseal: only the mutated fields are wrong, so the checks after the checksum are reached.
            buffer[6] = 0;
            buffer[7] = 0;
            bool messageOnly = random.Below(4) == 0 ? !expected.V3ChecksumAsV2 : expected.V3ChecksumAsV2;
            ushort checksum = VrrpChecksum.Compute(buffer.AsSpan(0, length), (byte)(buffer[0] >> 4), envelope.Source, envelope.Destination, messageOnly);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(6), checksum);
        }

        return length;
    }

    private static int Mutate(byte[] buffer, int length, IpFamily family, ref SplitMix random)
    {
        int position = length == 0 ? 0 : random.Below(length);
        switch (random.Below(10))
        {
            case 0:
                if (length > 0)
                {
                    buffer[position] ^= (byte)(1 << random.Below(8));
                }

                break;
            case 1:
                if (length > 0)
                {
                    buffer[position] = s_interesting[random.Below(s_interesting.Length)];
                }

                break;
            case 2:
                // Truncate or extend with random bytes.
                int newLength = Math.Clamp(length + random.Below(33) - 16, 0, buffer.Length);
                if (newLength > length)
                {
                    random.Fill(buffer.AsSpan(length, newLength - length));
                }

                return newLength;
            case 3:
                // Address count and length agreeing (or one off), so the structural check passes.
                if (length >= VrrpConstants.HeaderLength && random.Below(32) == 0)
                {
                    // ucarp's shape: v2, 36 bytes, "count" 7 (CARP's auth length).
                    buffer[0] = 0x21;
                    buffer[3] = 7;
                    random.Fill(buffer.AsSpan(length, Math.Max(0, 36 - length)));
                    return 36;
                }

                if (length >= VrrpConstants.HeaderLength)
                {
                    byte count = (byte)(random.Below(4) == 0 ? random.Below(256) : random.Below(5));
                    buffer[3] = count;
                    int fitting = VrrpConstants.HeaderLength + (count * VrrpConstants.AddressLength(family)) + ((buffer[0] >> 4) == 2 ? VrrpConstants.AuthDataLength : 0);
                    int target = Math.Clamp(fitting + (random.Below(8) == 0 ? random.Below(3) - 1 : 0), 0, buffer.Length);
                    if (target > length)
                    {
                        random.Fill(buffer.AsSpan(length, target - length));
                    }

                    return target;
                }

                break;
            case 4:
                if (length > 0)
                {
                    int version = random.Below(4) == 0 ? random.Below(16) : 2 + random.Below(2);
                    buffer[0] = (byte)((version << 4) | (buffer[0] & 0x0F));
                }

                break;
            case 5:
                if (length > 0)
                {
                    buffer[0] = (byte)((buffer[0] & 0xF0) | (random.Below(2) == 0 ? 1 : random.Below(16)));
                }

                break;
            case 6:
                if (length > 5)
                {
                    buffer[4] = (byte)random.Below(5); // v2 auth type; v3 interval high bits
                }

                break;
            case 7:
                if (length > 5)
                {
                    buffer[5] = s_interesting[random.Below(s_interesting.Length)];
                }

                break;
            case 8:
                if (length > 2)
                {
                    buffer[2] = s_interesting[random.Below(s_interesting.Length)]; // priority
                }

                break;
            default:
                if (length > 1)
                {
                    buffer[1] = (byte)random.Below(256);
                }

                break;
        }

        return length;
    }

    private static PacketEnvelope MutateEnvelope(in PacketEnvelope envelope, ref SplitMix random)
    {
        IpFamily family = random.Below(16) == 0 ? (envelope.Family == IpFamily.IPv4 ? IpFamily.IPv6 : IpFamily.IPv4) : envelope.Family;
        NetAddress source = random.Below(2) == 0 && family == envelope.Family ? envelope.Source : new NetAddress(family, random.Next128());
        NetAddress destination = random.Below(2) == 0
            ? (family == IpFamily.IPv4 ? VrrpConstants.Ipv4Group : VrrpConstants.Ipv6Group)
            : new NetAddress(family, random.Next128());
        int ttl = random.Below(2) == 0 ? envelope.Ttl : random.Below(258) - 1;
        return new PacketEnvelope(source, destination, ttl);
    }

    /// <summary>Each golden vector with the instance that accepts it first, then variants of that instance.</summary>
    private static Base[] Bases() =>
        [.. GoldenVector.Names().Select(GoldenVector.Load).Select(v =>
        {
            ReceiveExpectation exact = v.Expectation;
            return new Base(v.Message, v.Envelope,
            [
                exact,
                exact with { V3ChecksumAsV2 = true },
                exact with { AcceptEitherV3Ipv4Checksum = true },
                exact with { Unicast = !exact.Unicast, UnicastPeers = new[] { v.Source }, CheckUnicastSource = true },
                exact with { UnicastMinTtl = 64, UnicastMaxTtl = 254 },
                exact with { Version = (byte)(5 - exact.Version) },
                exact with { AuthType = VrrpAuthType.IpAuthenticationHeader },
                exact with { AuthType = VrrpAuthType.SimpleText, AuthPassword = ReceiveExpectation.PadPassword("other") },
                exact with { AdverIntervalCentiseconds = 300 },
                exact with { VirtualAddresses = ReceiveExpectation.AddressBytes([NetAddress.Parse(v.Family == IpFamily.IPv4 ? "192.0.2.200" : "2001:db8::200")]) },
            ]);
        })];

    /// <summary>SplitMix64: a tiny, allocation-free generator whose state is the seed, so packet i can be made alone.</summary>
    private struct SplitMix(ulong state)
    {
        private ulong _state = state;

        public ulong Next()
        {
            ulong z = _state += 0x9E37_79B9_7F4A_7C15;
            z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
            z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
            return z ^ (z >> 31);
        }

        public int Below(int bound) => (int)(Next() % (ulong)bound);

        public UInt128 Next128() => new(Next(), Next());

        public void Fill(Span<byte> bytes)
        {
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)Next();
            }
        }
    }
}
