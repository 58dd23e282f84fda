using System.Security.Cryptography;
using CsCheck;
using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Protocol;

public sealed class PassAuthenticationTests
{
    [Fact]
    public void Matches_AnyTwoAuthDataFields_AgreesWithFixedTimeEquals() =>
        Gen.Select(Gen.Byte.Array[8], Gen.Byte.Array[8], Gen.Int[-1, 7]).Sample((a, b, copyExceptIndex) =>
        {
            // Mostly near-equal pairs (one byte differs, or none), where a bad compare would show.
            if (copyExceptIndex >= 0)
            {
                byte keep = b[copyExceptIndex];
                a.CopyTo(b, 0);
                b[copyExceptIndex] = keep;
            }

            Assert.Equal(CryptographicOperations.FixedTimeEquals(a, b), PassAuthentication.Matches(a, b));
        }, seed: "0000iGFTylf1", iter: 5_000, threads: 1);

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(9)]
    public void Matches_NotEightBytes_IsFalse(int length) =>
        Assert.False(PassAuthentication.Matches(new byte[length], new byte[length]));
}
