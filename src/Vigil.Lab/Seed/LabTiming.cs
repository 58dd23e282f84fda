namespace Vigil.Lab.Seed;

/// <summary>How fast the lab's VRRP pair runs.</summary>
public enum LabTiming
{
    /// <summary>The corrected seed as shipped: VRRPv2, advert_int 1, PASS authentication, check every 2 s.</summary>
    Seed,

    /// <summary>
    /// For tests: VRRPv3 with advert_int 0.1 (Master_Down_Interval about 0.36 s; v3 has no
    /// authentication, so the block is dropped) and the check every 0.5 s with a 3 s timeout.
    /// </summary>
    Fast,
}
