using BenchmarkDotNet.Attributes;
using Vigil.Core.Protocol;

namespace Vigil.Benchmarks;

/// <summary>
/// Per-packet cost of the codec: decode + full §2 receive validation, and encode (with checksum).
/// Target (issue 3): ≤ 100 ns each and 0 bytes allocated.
/// Run: dotnet run -c Release --project bench/Vigil.Benchmarks -- --filter '*CodecBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private static readonly NetAddress s_source4 = NetAddress.Parse("192.0.2.1");
    private static readonly NetAddress s_source6 = NetAddress.Parse("fe80::1");

    private readonly byte[] _buffer = new byte[VrrpConstants.MaxMessageLength];
    private byte[] _v2Pass = [];
    private byte[] _v3Ipv4 = [];
    private byte[] _v3Ipv6 = [];
    private byte[] _vips4 = [];
    private byte[] _vips6 = [];
    private byte[] _password = [];
    private ReceiveExpectation _v2PassExpected = null!;
    private ReceiveExpectation _v3Ipv4Expected = null!;
    private ReceiveExpectation _v3Ipv6Expected = null!;
    private PacketEnvelope _envelope4;
    private PacketEnvelope _envelope6;
    private Advertisement _v2Header;
    private Advertisement _v3Ipv4Header;
    private Advertisement _v3Ipv6Header;

    [GlobalSetup]
    public void Setup()
    {
        _vips4 = ReceiveExpectation.AddressBytes([NetAddress.Parse("192.0.2.100"), NetAddress.Parse("192.0.2.101")]);
        _vips6 = ReceiveExpectation.AddressBytes([NetAddress.Parse("2001:db8::100"), NetAddress.Parse("2001:db8::101")]);
        _password = ReceiveExpectation.PadPassword("secret");
        _envelope4 = new PacketEnvelope(s_source4, VrrpConstants.Ipv4Group, 255);
        _envelope6 = new PacketEnvelope(s_source6, VrrpConstants.Ipv6Group, 255);
        _v2Header = new Advertisement(2, IpFamily.IPv4, 51, 100, 2, 100, VrrpAuthType.SimpleText);
        _v3Ipv4Header = new Advertisement(3, IpFamily.IPv4, 51, 100, 2, 100);
        _v3Ipv6Header = new Advertisement(3, IpFamily.IPv6, 51, 100, 2, 100);
        _v2PassExpected = new ReceiveExpectation
        {
            Version = 2,
            VirtualRouterId = 51,
            AdverIntervalCentiseconds = 100,
            VirtualAddresses = _vips4,
            AuthType = VrrpAuthType.SimpleText,
            AuthPassword = _password,
        };
        _v3Ipv4Expected = new ReceiveExpectation { Version = 3, VirtualRouterId = 51, AdverIntervalCentiseconds = 100, VirtualAddresses = _vips4 };
        _v3Ipv6Expected = _v3Ipv4Expected with { VirtualAddresses = _vips6 };
        _v2Pass = _buffer.AsSpan(0, EncodeV2Pass()).ToArray();
        _v3Ipv4 = _buffer.AsSpan(0, EncodeV3Ipv4()).ToArray();
        _v3Ipv6 = _buffer.AsSpan(0, EncodeV3Ipv6()).ToArray();
    }

    [Benchmark]
    public DropReason DecodeValidateV2Pass() => AdvertisementValidator.Validate(_v2Pass, _envelope4, _v2PassExpected, out _, out _);

    [Benchmark]
    public DropReason DecodeValidateV3Ipv4() => AdvertisementValidator.Validate(_v3Ipv4, _envelope4, _v3Ipv4Expected, out _, out _);

    [Benchmark]
    public DropReason DecodeValidateV3Ipv6() => AdvertisementValidator.Validate(_v3Ipv6, _envelope6, _v3Ipv6Expected, out _, out _);

    [Benchmark]
    public int EncodeV2Pass() => AdvertisementCodec.Write(_buffer, _v2Header, _vips4, _password, s_source4, VrrpConstants.Ipv4Group);

    [Benchmark]
    public int EncodeV3Ipv4() => AdvertisementCodec.Write(_buffer, _v3Ipv4Header, _vips4, [], s_source4, VrrpConstants.Ipv4Group);

    [Benchmark]
    public int EncodeV3Ipv6() => AdvertisementCodec.Write(_buffer, _v3Ipv6Header, _vips6, [], s_source6, VrrpConstants.Ipv6Group);
}
