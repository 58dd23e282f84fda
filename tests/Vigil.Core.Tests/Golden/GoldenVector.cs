using Vigil.Core.Protocol;

namespace Vigil.Core.Tests.Golden;

/// <summary>
/// One advertisement captured from keepalived 2.2.7 by capture-keepalived.sh: the parameters it
/// was configured with, the envelope facts (src, dst, ttl) and the VRRP message bytes.
/// </summary>
public sealed class GoldenVector
{
    private GoldenVector(string name, IReadOnlyDictionary<string, string> fields)
    {
        Name = name;
        Version = byte.Parse(fields["version"]);
        Family = fields["family"] == "ipv6" ? IpFamily.IPv6 : IpFamily.IPv4;
        VirtualRouterId = byte.Parse(fields["vrid"]);
        Priority = byte.Parse(fields["priority"]);
        IntervalCentiseconds = ushort.Parse(fields["interval_cs"]);
        AuthType = fields["auth"] == "pass" ? VrrpAuthType.SimpleText : VrrpAuthType.None;
        Password = fields.GetValueOrDefault("auth_pass", "");
        VirtualAddresses = [.. fields["vips"].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(NetAddress.Parse)];
        Source = NetAddress.Parse(fields["src"]);
        Destination = NetAddress.Parse(fields["dst"]);
        Ttl = int.Parse(fields["ttl"]);
        Message = Convert.FromHexString(fields["vrrp"]);
    }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Golden", "vectors");

    public string Name { get; }

    public byte Version { get; }

    public IpFamily Family { get; }

    public byte VirtualRouterId { get; }

    public byte Priority { get; }

    public ushort IntervalCentiseconds { get; }

    public VrrpAuthType AuthType { get; }

    public string Password { get; }

    public NetAddress[] VirtualAddresses { get; }

    public NetAddress Source { get; }

    public NetAddress Destination { get; }

    public int Ttl { get; }

    public byte[] Message { get; }

    public bool Unicast => !Destination.IsMulticast;

    public PacketEnvelope Envelope => new(Source, Destination, Ttl);

    public byte[] AddressBytes => ReceiveExpectation.AddressBytes(VirtualAddresses);

    public Advertisement Header => new(Version, Family, VirtualRouterId, Priority, (byte)VirtualAddresses.Length, IntervalCentiseconds, AuthType);

    /// <summary>What the receiving peer of this capture would be configured with.</summary>
    public ReceiveExpectation Expectation => new()
    {
        Version = Version,
        VirtualRouterId = VirtualRouterId,
        AdverIntervalCentiseconds = IntervalCentiseconds,
        VirtualAddresses = AddressBytes,
        AuthType = AuthType,
        AuthPassword = ReceiveExpectation.PadPassword(Password),
        Unicast = Unicast,
        UnicastPeers = Unicast ? new[] { Source } : Array.Empty<NetAddress>(),
        CheckUnicastSource = Unicast,
    };

    public static GoldenVector Load(string name)
    {
        var fields = new Dictionary<string, string>();
        foreach (string line in File.ReadLines(Path.Combine(Directory, name + ".txt")))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int eq = line.IndexOf('=', StringComparison.Ordinal);
            fields[line[..eq]] = line[(eq + 1)..];
        }

        return new GoldenVector(name, fields);
    }

    /// <summary>Names of all captured vectors.</summary>
    public static string[] Names() =>
        [.. System.IO.Directory.GetFiles(Directory, "*.txt").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>All captured vectors, for [MemberData].</summary>
    public static TheoryData<string> All() => new(Names());

    public override string ToString() => Name;
}
