namespace Vigil.Linux.Host;

/// <summary>Linux capabilities this process holds, read from the effective set in /proc/self/status.</summary>
public static class Capabilities
{
    public const int Kill = 5;
    public const int SetGid = 6;
    public const int SetUid = 7;
    public const int NetAdmin = 12;
    public const int NetRaw = 13;
    public const int SysNice = 23;

    /// <summary>The effective set as a bit mask (bit N: capability N); 0 when it cannot be read.</summary>
    public static ulong Effective()
    {
        try
        {
            string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("CapEff:", StringComparison.Ordinal));
            return line is not null && ulong.TryParse(line.AsSpan("CapEff:".Length).Trim(), System.Globalization.NumberStyles.HexNumber, null, out ulong bits) ? bits : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static bool Has(ulong mask, int capability) => (mask & (1UL << capability)) != 0;

    public static string Name(int capability) => capability switch
    {
        Kill => "CAP_KILL",
        SetGid => "CAP_SETGID",
        SetUid => "CAP_SETUID",
        NetAdmin => "CAP_NET_ADMIN",
        NetRaw => "CAP_NET_RAW",
        SysNice => "CAP_SYS_NICE",
        _ => "capability " + capability,
    };

    /// <summary>This process's effective gid.</summary>
    public static uint EffectiveGroupId => Interop.Libc.getegid();
}
