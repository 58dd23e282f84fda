namespace Vigil.Core.Protocol;

/// <summary>
/// The receive checks of reliability-rules.md §2, in its order, for one instance. The first
/// failing check decides the <see cref="DropReason"/>; accepted adverts may carry
/// <see cref="ReceiveNotes"/> worth logging. Instance state (FAULT/INIT, §2 rule 3) and the
/// owner rules (rule 17) belong to the state machine, not here.
/// </summary>
public static class AdvertisementValidator
{
    /// <summary>
    /// Validates <paramref name="message"/> (the IP payload after any AH header) against
    /// <paramref name="expected"/>. Returns <see cref="DropReason.None"/> when the advert is to be
    /// processed; <paramref name="advertisement"/> is then valid for slicing
    /// <paramref name="message"/>.
    /// </summary>
    public static DropReason Validate(
        ReadOnlySpan<byte> message,
        in PacketEnvelope envelope,
        ReceiveExpectation expected,
        out Advertisement advertisement,
        out ReceiveNotes notes) =>
        Validate(message, envelope, expected, default, out advertisement, out notes);

    /// <summary>
    /// As above; <paramref name="knownMaster"/> is the master a backup last heard (<see cref="StateMachine.VirtualRouter.KnownMaster"/>):
    /// with <see cref="ReceiveExpectation.SkipCheckAdvertAddresses"/> its adverts skip the address-list check (rule 19).
    /// </summary>
    public static DropReason Validate(
        ReadOnlySpan<byte> message,
        in PacketEnvelope envelope,
        ReceiveExpectation expected,
        in NetAddress knownMaster,
        out Advertisement advertisement,
        out ReceiveNotes notes)
    {
        advertisement = default;
        notes = ReceiveNotes.None;

        // Rule 1: a whole header before any field is read.
        if (message.Length < VrrpConstants.HeaderLength)
        {
            return DropReason.PacketLength;
        }

        // Rule 2: not our VRID: ignore silently.
        if (message[1] != expected.VirtualRouterId)
        {
            return DropReason.UnknownVrid;
        }

        // Rule 4: auth_type AH. An AH-protected advert is IP protocol 51, so a protocol-112 raw socket never
        // receives one; an instance configured for AH can therefore accept nothing. Refuse clearly.
        if (expected.AuthType == VrrpAuthType.IpAuthenticationHeader)
        {
            return DropReason.UnsupportedAuthentication;
        }

        // Rules 5 (exact length) and 8 (a version we can parse), plus CARP recognised by its shape.
        if (!AdvertisementCodec.TryRead(message, envelope.Family, out var advert, out var structural))
        {
            return structural;
        }

        // Rule 7: TTL/Hop Limit 255 on multicast (RFC 5798 §5.1.1.3/§5.1.2.3); an unknown hop limit
        // fails closed (rule 0b). Unicast: only the configured min_ttl..max_ttl (keepalived extension).
        if (expected.Unicast)
        {
            bool ttlBounded = expected.UnicastMinTtl > 0 || expected.UnicastMaxTtl < VrrpConstants.RequiredTtl;
            if (ttlBounded && (envelope.Ttl < expected.UnicastMinTtl || envelope.Ttl > expected.UnicastMaxTtl))
            {
                return DropReason.TtlError;
            }
        }
        else if (envelope.Ttl != VrrpConstants.RequiredTtl)
        {
            return DropReason.TtlError;
        }

        // Rule 8: keepalived does not mix v2 and v3 on one VRID.
        if (advert.Version != expected.Version)
        {
            return DropReason.VersionMismatch;
        }

        if (advert.Version == 2)
        {
            DropReason auth = CheckV2Authentication(message, advert, expected);
            if (auth != DropReason.None)
            {
                return auth;
            }

            // Rule 12: RFC 3768 §7.1 MUST discard on an Adver Int mismatch.
            if (advert.AdverIntervalCentiseconds != expected.AdverIntervalCentiseconds)
            {
                return DropReason.AdvertIntervalMismatch;
            }
        }

        // Rule 13.
        if (advert.Type != VrrpConstants.TypeAdvertisement)
        {
            return DropReason.InvalidType;
        }

        if (advert.Version == 3)
        {
            // Rule 14b (our decision): 0 would make Master_Down_Interval 0.
            if (advert.AdverIntervalCentiseconds == 0)
            {
                return DropReason.MaxAdverIntervalZero;
            }

            // Rule 14: a backup adopts the master's interval (RFC 5798 §6.4.2).
            if (advert.AdverIntervalCentiseconds != expected.AdverIntervalCentiseconds)
            {
                notes |= ReceiveNotes.AdverIntervalDiffers;
            }
        }

        // Rule 15.
        if (!VrrpChecksum.Verify(message, advert.Version, envelope, expected.V3ChecksumAsV2))
        {
            bool otherForm = expected.AcceptEitherV3Ipv4Checksum && advert.Version == 3 && envelope.Family == IpFamily.IPv4
                && VrrpChecksum.Verify(message, advert.Version, envelope, !expected.V3ChecksumAsV2);
            if (!otherForm)
            {
                return DropReason.ChecksumError;
            }

            notes |= ReceiveNotes.AlternateChecksumForm;
        }

        // Rule 16: a unicast instance takes no group traffic, a multicast one no unicast.
        if (envelope.IsMulticast == expected.Unicast)
        {
            return DropReason.DestinationMismatch;
        }

        // Rule 18: RFC 9568 §5.2.5 / erratum 8299.
        if (advert.AddressCount == 0)
        {
            return DropReason.AddressCountZero;
        }

        // Rule 19: v2 drops unless the sender is the owner (RFC 3768 §7.1); v3 logs and accepts (§5 decision).
        // skip_check_adv_addr (keepalived vrrp_state_backup): not compared, so neither dropped nor counted, when a
        // backup hears the same source as the last advert it processed. A new source is always checked.
        bool skip = expected.SkipCheckAdvertAddresses && knownMaster.Equals(envelope.Source);
        if (!skip && !SameAddressSet(advert.Addresses(message), expected.VirtualAddresses.Span, VrrpConstants.AddressLength(advert.Family)))
        {
            if (advert.Version == 2 && advert.Priority != 255)
            {
                return DropReason.AddressListMismatch;
            }

            notes |= ReceiveNotes.AddressListDiffers;
        }

        // Rule 20: vrrp_check_unicast_src.
        if (expected.Unicast && expected.CheckUnicastSource && !expected.UnicastPeers.Span.Contains(envelope.Source))
        {
            return DropReason.UnicastSourceNotPeer;
        }

        advertisement = advert;
        return DropReason.None;
    }

    // Rules 9-11 (RFC 3768 §5.3.6, §7.1).
    private static DropReason CheckV2Authentication(ReadOnlySpan<byte> message, in Advertisement advert, ReceiveExpectation expected)
    {
        switch (advert.AuthType)
        {
            case VrrpAuthType.IpAuthenticationHeader:
                return DropReason.UnsupportedAuthentication;
            case > VrrpAuthType.IpAuthenticationHeader:
                return DropReason.InvalidAuthType;
        }

        if (advert.AuthType != expected.AuthType)
        {
            return DropReason.AuthTypeMismatch;
        }

        if (advert.AuthType == VrrpAuthType.SimpleText
            && !PassAuthentication.Matches(advert.AuthData(message), expected.AuthPassword.Span))
        {
            return DropReason.AuthFailure;
        }

        return DropReason.None;
    }

    // keepalived checks count equality and that every received address is configured, so order does not matter.
    private static bool SameAddressSet(ReadOnlySpan<byte> received, ReadOnlySpan<byte> configured, int size)
    {
        if (received.Length != configured.Length)
        {
            return false;
        }

        // Fast path: peers configured alike send the list in the same order.
        if (received.SequenceEqual(configured))
        {
            return true;
        }

        for (int i = 0; i < received.Length; i += size)
        {
            ReadOnlySpan<byte> address = received.Slice(i, size);
            bool found = false;
            for (int j = 0; j < configured.Length && !found; j += size)
            {
                found = address.SequenceEqual(configured.Slice(j, size));
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
