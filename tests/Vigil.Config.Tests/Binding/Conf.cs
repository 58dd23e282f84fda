using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Tests.Binding;

/// <summary>Binds keepalived.conf text for tests, read by the real loader from an in-memory file.</summary>
internal static class Conf
{
    public static ConfigBindResult Bind(string text) => ConfigBinder.Bind(Parse(text));

    public static KeepalivedConfig Model(string text)
    {
        ConfigBindResult result = Bind(text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Config;
    }

    public static VrrpInstance Instance(string body, string global = "") =>
        Model($"global_defs {{\n{global}\n}}\nvrrp_instance VI_1 {{\ninterface eth0\nvirtual_router_id 51\n{body}\nvirtual_ipaddress {{\n192.0.2.1/24\n}}\n}}\n").Instances[0];

    public static ConfigBindResult BindInstance(string body, string vips = "192.0.2.1/24", string global = "") =>
        Bind($"global_defs {{\n{global}\n}}\nvrrp_instance VI_1 {{\ninterface eth0\nvirtual_router_id 51\n{body}\nvirtual_ipaddress {{\n{vips}\n}}\n}}\n");

    public static IEnumerable<Diagnostic> Errors(this ConfigBindResult result) => result.Diagnostics.Where(d => d.Severity == Severity.Error);

    public static IEnumerable<Diagnostic> Warnings(this ConfigBindResult result) => result.Diagnostics.Where(d => d.Severity == Severity.Warning);

    public static Diagnostic Single(this ConfigBindResult result, string code) =>
        Assert.Single(result.Diagnostics, d => d.Code == code);

    public static ConfigDocument Parse(string text, string file = "test.conf", string? configId = null) =>
        ConfigLoader.Load(file, new ConfigLoadOptions { ConfigId = configId, FileSystem = new InMemoryConfigFileSystem().Add(file, text) });
}
