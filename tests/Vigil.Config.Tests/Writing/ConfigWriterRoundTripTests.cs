using CsCheck;
using Vigil.Config.Binding;
using Vigil.Config.Model;
using Vigil.Config.Tests.Binding;
using Vigil.Config.Writing;

namespace Vigil.Config.Tests.Writing;

public sealed class ConfigWriterRoundTripTests
{
    [Fact]
    public void Write_GeneratedModel_ReadsBackEqual()
    {
        ModelGenerators.Config.Sample(model =>
        {
            string text = ConfigWriter.Write(model);
            ConfigBindResult result = Conf.Bind(text);
            Assert.False(result.HasErrors, text + "\n" + string.Join("\n", result.Diagnostics));
            Assert.Equal(model.Global, result.Config.Global);
            Assert.Equal(model.Scripts, result.Config.Scripts);
            for (int i = 0; i < model.Instances.Count; i++)
            {
                Assert.Equal(model.Instances[i], result.Config.Instances[i]);
            }

            Assert.Equal(model, result.Config);
        }, iter: 300, seed: "0uBRj5hf0fD3");
    }

    [Fact]
    public void Write_SeedBackup_ReadsBackEqual()
    {
        KeepalivedConfig model = Conf.Model(File.ReadAllText(Path.Combine(Cluster.ClusterCheckerTests.RepositoryRoot(), "examples", "seed-original", "backup.conf")));
        Assert.Equal(model, Conf.Model(ConfigWriter.Write(model)));
    }

    [Fact]
    public void Write_GarpExtraIf_ReadsBackEqual()
    {
        KeepalivedConfig model = Conf.Model("global_defs {\nvrrp_garp_extra_if all 30\n}\nvrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\ngarp_extra_if 5\nvirtual_ipaddress {\n192.0.2.1/24\n}\n}\n");
        Assert.Equal(TimeSpan.FromSeconds(5), model.Instances[0].Garp.ExtraInterfaceInterval);
        Assert.Equal(model, Conf.Model(ConfigWriter.Write(model)));
    }
}
