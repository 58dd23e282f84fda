using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Golden;

/// <summary>
/// Wireshark's VRRP dissector, an implementation independent of ours, must decode what Vigil
/// encodes with a good checksum and no malformed-packet or expert warnings.
/// </summary>
public sealed class TsharkDissectorTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-tshark-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [TsharkFact]
    public void Tshark_VigilEncodedAdverts_DissectWithGoodChecksumsAndNoWarnings()
    {
        var vectors = GoldenVector.Names().Select(GoldenVector.Load).ToArray();
        string pcap = WriteCapture("vigil.pcap", vectors.Select(v => Encode(v, v3ChecksumAsV2: false)));

        string output = Tshark.Dissect(pcap, "vrrp.v3_checksum_as_in_v2:FALSE");

        AssertClean(output, vectors.Length);
        foreach (var vector in vectors)
        {
            Assert.Contains($"Virtual Rtr ID: {vector.VirtualRouterId}", output, StringComparison.Ordinal);
        }
    }

    [TsharkFact]
    public void Tshark_V3Ipv4ChecksumAsV2_DissectsGoodWithWiresharksMessageOnlyOption()
    {
        var vectors = GoldenVector.Names().Select(GoldenVector.Load)
            .Where(v => v.Version == 3 && v.Family == IpFamily.IPv4).ToArray();
        string pcap = WriteCapture("vigil-as-v2.pcap", vectors.Select(v => Encode(v, v3ChecksumAsV2: true)));

        string output = Tshark.Dissect(pcap, "vrrp.v3_checksum_as_in_v2:TRUE");

        AssertClean(output, vectors.Length);
    }

    [TsharkFact]
    public void Tshark_CorruptedChecksum_IsReportedBad()
    {
        // Discrimination: proves the clean-output assertion above can fail.
        var vector = GoldenVector.Load("v3-ipv6-multicast");
        byte[] packet = Encode(vector, v3ChecksumAsV2: false);
        packet[^1] ^= 0xFF;
        string pcap = WriteCapture("bad.pcap", [packet]);

        string output = Tshark.Dissect(pcap);

        Assert.DoesNotContain("[Checksum Status: Good]", output, StringComparison.Ordinal);
    }

    [TsharkFact]
    public void Tshark_PseudoHeaderChecksumReadAsMessageOnly_IsReportedBad()
    {
        // Discrimination: the dissector really recomputes the v3 IPv4 checksum in the form it is told.
        var vector = GoldenVector.Load("v3-ipv4-unicast");
        string pcap = WriteCapture("pseudo.pcap", [Encode(vector, v3ChecksumAsV2: false)]);

        string output = Tshark.Dissect(pcap, "vrrp.v3_checksum_as_in_v2:TRUE");

        Assert.DoesNotContain("[Checksum Status: Good]", output, StringComparison.Ordinal);
    }

    private static byte[] Encode(GoldenVector vector, bool v3ChecksumAsV2)
    {
        var buffer = new byte[VrrpConstants.MaxMessageLength];
        int length = AdvertisementCodec.Write(
            buffer, vector.Header, vector.AddressBytes, ReceiveExpectation.PadPassword(vector.Password), vector.Source, vector.Destination, v3ChecksumAsV2);
        return PcapWriter.IpPacket(vector.Source, vector.Destination, buffer.AsSpan(0, length));
    }

    private string WriteCapture(string name, IEnumerable<byte[]> packets)
    {
        string path = Path.Combine(_directory, name);
        PcapWriter.Write(path, packets);
        return path;
    }

    private static void AssertClean(string output, int packets)
    {
        Assert.Equal(packets, CountOf(output, "Virtual Router Redundancy Protocol"));
        Assert.Equal(packets, CountOf(output, "[Checksum Status: Good]"));
        Assert.DoesNotContain("Malformed", output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Expert Info", output, StringComparison.Ordinal);
        Assert.DoesNotContain("incorrect", output, StringComparison.OrdinalIgnoreCase);
    }

    private static int CountOf(string text, string value)
    {
        int count = 0;
        for (int i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
