using Vigil.Config.Binding;
using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Daemon.Status;

namespace Vigil.Daemon.Tests;

public sealed class InstanceInfoVipTests
{
    [Fact]
    public void FromConfig_UseVmac_VipsOfTheFamilyWithoutAnotherDevOnTheVmacTheRestWhereTheyName()
    {
        VrrpInstance instance = Bind("""
            vrrp_instance VI_1 {
            interface eth0
            use_vmac vrrp.51
            virtual_router_id 51
            virtual_ipaddress {
            192.0.2.1/24
            192.0.2.2/24 dev eth0
            192.0.2.3/24 dev eth1
            }
            virtual_ipaddress_excluded {
            2001:db8::1/64
            2001:db8::2/64 dev eth0
            }
            }

            """);

        InstanceInfo info = InstanceInfo.FromConfig(instance, "eth0", "192.0.2.9", "vrrp.51");

        Assert.Equal(["vrrp.51", "vrrp.51", "eth1"], info.Vips.Select(Device));
        Assert.Equal(["eth0", "eth0"], info.ExcludedVips.Select(Device));
    }

    private static string Device(string vip) => vip.Split(" dev ")[1].Split(' ')[0];

    private static VrrpInstance Bind(string text)
    {
        ConfigDocument document = ConfigLoader.Load("t.conf", new ConfigLoadOptions { FileSystem = new InMemoryConfigFileSystem().Add("t.conf", text) });
        ConfigBindResult result = ConfigBinder.Bind(document);
        Assert.False(result.HasErrors, string.Join('\n', result.Diagnostics));
        return result.Config.Instances[0];
    }
}
