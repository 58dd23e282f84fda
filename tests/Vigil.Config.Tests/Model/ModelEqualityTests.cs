using System.Net;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Tests.Model;

public sealed class ModelEqualityTests
{
    private static VrrpInstance Instance(string file, params string[] vips) => new("VI_1", new SourceLocation(file, 3, 1))
    {
        VirtualRouterId = 51,
        VirtualIpAddresses = new ValueArray<AddressEntry>(vips.Select(v => new AddressEntry(IPAddress.Parse(v), 32, new SourceLocation(file, 9, 5)))),
    };

    [Fact]
    public void Equals_SameContentWrittenElsewhere_IsEqual()
    {
        Assert.Equal(Instance("a.conf", "192.0.2.1", "192.0.2.2"), Instance("b.conf", "192.0.2.1", "192.0.2.2"));
        Assert.Equal(Instance("a.conf", "192.0.2.1").GetHashCode(), Instance("b.conf", "192.0.2.1").GetHashCode());
    }

    [Fact]
    public void Equals_DifferentVipOrder_IsNotEqual()
    {
        Assert.NotEqual(Instance("a.conf", "192.0.2.1", "192.0.2.2"), Instance("a.conf", "192.0.2.2", "192.0.2.1"));
    }

    [Fact]
    public void ValueArray_Default_BehavesAsEmpty()
    {
        ValueArray<int> none = default;
        Assert.Equal(ValueArray<int>.Empty, none);
        Assert.Empty(none);
    }

    [Fact]
    public void AuthenticationToString_NeverShowsPassword()
    {
        var auth = new Authentication(AuthType.Pass, "s3cret", SourceRef.None);
        Assert.DoesNotContain("s3cret", auth.ToString(), StringComparison.Ordinal);
    }
}
