using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;
using Vigil.Config.Writing;

namespace Vigil.Config.Tests.Binding;

/// <summary>global_defs <c>dynamic_interfaces [allow_if_changes]</c> (keepalived 2.2.7 global_parser.c).</summary>
public sealed class DynamicInterfacesKeywordTests
{
    [Fact]
    public void Bind_DynamicInterfaces_OnWithoutInterfaceChanges()
    {
        GlobalDefs global = Conf.Model("global_defs {\n  dynamic_interfaces\n}\n").Global;

        Assert.True(global.DynamicInterfaces);
        Assert.False(global.AllowInterfaceChanges);
    }

    [Fact]
    public void Bind_DynamicInterfacesAllowIfChanges_BothOn_AndWrittenBack()
    {
        KeepalivedConfig config = Conf.Model("global_defs {\n  dynamic_interfaces allow_if_changes\n}\n");

        Assert.True(config.Global.DynamicInterfaces && config.Global.AllowInterfaceChanges);
        Assert.Contains("dynamic_interfaces allow_if_changes\n", ConfigWriter.Write(config), StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_DynamicInterfacesUnknownOption_IsAnErrorNamingTheOnlyOption()
    {
        ConfigBindResult result = Conf.Bind("global_defs {\n  dynamic_interfaces allow_changes\n}\n");

        Diagnostic error = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Contains("unknown dynamic_interfaces option 'allow_changes'", error.Message, StringComparison.Ordinal);
        Assert.Contains("allow_if_changes", error.Hint, StringComparison.Ordinal);
    }
}
