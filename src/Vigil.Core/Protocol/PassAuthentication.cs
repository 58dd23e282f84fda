using System.Buffers.Binary;

namespace Vigil.Core.Protocol;

/// <summary>
/// VRRPv2 PASS authentication (RFC 2338 §5.3.6.1, keepalived <c>auth_type PASS</c>): the 8 Auth Data
/// bytes must equal the configured password, compared in constant time (keepalived
/// <c>memcmp_constant_time</c> since 2.0.10) so response timing leaks no prefix of the secret.
/// </summary>
public static class PassAuthentication
{
    /// <summary>
    /// Whether two 8-byte Auth Data fields are equal. Both are read as one 64-bit word and compared
    /// once: no data-dependent early exit, the same guarantee as
    /// <see cref="System.Security.Cryptography.CryptographicOperations.FixedTimeEquals"/>, which
    /// is NoInlining|NoOptimization and alone cost ~100 ns per packet (CodecBenchmarks), the
    /// whole per-packet budget. Tests check both agree.
    /// </summary>
    public static bool Matches(ReadOnlySpan<byte> received, ReadOnlySpan<byte> configured)
    {
        if (received.Length != VrrpConstants.AuthDataLength || configured.Length != VrrpConstants.AuthDataLength)
        {
            return false;
        }

        ulong difference = BinaryPrimitives.ReadUInt64LittleEndian(received) ^ BinaryPrimitives.ReadUInt64LittleEndian(configured);
        return difference == 0;
    }
}
