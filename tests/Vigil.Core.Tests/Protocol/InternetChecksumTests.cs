using CsCheck;
using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Protocol;

public sealed class InternetChecksumTests
{
    [Fact]
    public void Compute_Rfc1071Example_GivesComplementOfDdf2()
    {
        // RFC 1071 §3: the one's complement sum of 0001 f203 f4f5 f6f7 is ddf2.
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];

        Assert.Equal(0x220d, InternetChecksum.Compute(data));
    }

    [Fact]
    public void Compute_OddLength_PadsTheLastByteOnTheRight()
    {
        byte[] odd = [0x12, 0x34, 0x56];
        byte[] padded = [0x12, 0x34, 0x56, 0x00];

        Assert.Equal(InternetChecksum.Compute(padded), InternetChecksum.Compute(odd));
    }

    [Fact]
    public void Compute_DataIncludingItsOwnChecksum_IsZero()
    {
        byte[] data = [0x45, 0x00, 0x00, 0x1c, 0xab, 0xcd, 0x00, 0x00, 0xff, 0x70];
        ushort checksum = InternetChecksum.Compute(data);
        data[6] = (byte)(checksum >> 8);
        data[7] = (byte)checksum;

        Assert.Equal(0, InternetChecksum.Compute(data));
    }

    [Fact]
    public void Add_InChunks_EqualsOneShot()
    {
        byte[] data = [.. Enumerable.Range(0, 42).Select(i => (byte)(i * 37))];

        ulong chunked = InternetChecksum.Add(InternetChecksum.Add(0, data.AsSpan(0, 16)), data.AsSpan(16));

        Assert.Equal(InternetChecksum.Compute(data), InternetChecksum.Finish(chunked));
    }

    [Fact]
    public void Compute_AnyData_EqualsTheTextbook16BitSum() =>
        Gen.Byte.Array[0, 200].Sample(data =>
        {
            // RFC 1071 §4.1 reference: 16-bit words, end-around carry.
            uint sum = 0;
            for (int i = 0; i < data.Length; i += 2)
            {
                sum += (uint)(data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0u);
            }

            while (sum > 0xFFFF)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }

            Assert.Equal((ushort)~sum, InternetChecksum.Compute(data));
        }, seed: "0000iGFTylf1", iter: 5_000, threads: 1);
}
