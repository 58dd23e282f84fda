using Vigil.Config.Model;
using Vigil.Config.Writing;

namespace Vigil.Config.Tests.Binding;

/// <summary>notify_deleted as keepalived 2.2.7 reads it (vrrp_parser.c): the script is optional; either form switches FAULT to DELETED.</summary>
public sealed class NotifyDeletedBindingTests
{
    [Theory]
    [InlineData("", false, null)]
    [InlineData("notify_deleted", true, null)]
    [InlineData("notify_deleted \"/bin/deleted.sh arg\"", true, "/bin/deleted.sh arg")]
    public void Bind_WithOrWithoutScript_DeletedNotifiedEitherWay(string line, bool notifies, string? script)
    {
        VrrpInstance instance = Conf.Instance(line);

        Assert.Equal(notifies, instance.Notify.NotifiesDeleted);
        Assert.Equal(script, instance.Notify.Deleted?.Command);
    }

    [Fact]
    public void Write_BareNotifyDeleted_ReadsBackTheSame()
    {
        KeepalivedConfig config = Conf.Model("vrrp_instance VI_1 {\ninterface eth0\nvirtual_router_id 51\nnotify_deleted\nvirtual_ipaddress {\n192.0.2.1/24\n}\n}\n");

        string text = ConfigWriter.Write(config);

        Assert.Contains("notify_deleted", text, StringComparison.Ordinal);
        Assert.True(Conf.Model(text).Instances[0].Notify.DeletedWithoutScript);
    }
}
