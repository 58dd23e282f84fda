using System.Net.Sockets;
using System.Text;
using Vigil.Linux.Systemd;

namespace Vigil.Linux.Tests.Unit;

public sealed class NotifySocketTests
{
    [Fact]
    public void Send_AbstractAddress_ArrivesAtTheAbstractSocket()
    {
        string name = "vg-notify-" + Guid.NewGuid().ToString("N");
        using var receiver = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        receiver.Bind(new UnixDomainSocketEndPoint("\0" + name));
        receiver.ReceiveTimeout = 5000;

        using NotifySocket sender = NotifySocket.Open("@" + name);
        Assert.Equal(0, sender.Send("READY=1\nSTATUS=up"u8));

        byte[] buffer = new byte[256];
        int length = receiver.Receive(buffer);
        Assert.Equal("READY=1\nSTATUS=up", Encoding.UTF8.GetString(buffer, 0, length));
    }

    [Fact]
    public void Send_PathAddress_ArrivesAtTheBoundPath()
    {
        string directory = Directory.CreateTempSubdirectory("vigil-notify-unit-").FullName;
        try
        {
            string path = Path.Combine(directory, "n.sock");
            using var receiver = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            receiver.Bind(new UnixDomainSocketEndPoint(path));
            receiver.ReceiveTimeout = 5000;

            using NotifySocket sender = NotifySocket.Open(path);
            Assert.Equal(0, sender.Send("WATCHDOG=1"u8));

            byte[] buffer = new byte[64];
            Assert.Equal("WATCHDOG=1", Encoding.UTF8.GetString(buffer, 0, receiver.Receive(buffer)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Send_NobodyListening_ReturnsTheErrnoInsteadOfThrowing()
    {
        using NotifySocket sender = NotifySocket.Open("@vg-notify-nobody-" + Guid.NewGuid().ToString("N"));
        Assert.NotEqual(0, sender.Send("READY=1"u8)); // ECONNREFUSED: the caller logs and goes on
    }

    [Theory]
    [InlineData("relative/path")]
    [InlineData("vsock:2:1234")]
    public void Open_NeitherPathNorAbstract_IsRefused(string address) =>
        Assert.Throws<ArgumentException>(() => NotifySocket.Open(address));

    [Fact]
    public void Open_PathLongerThanSunPath_IsRefused() =>
        Assert.Throws<ArgumentException>(() => NotifySocket.Open("/" + new string('x', 107)));
}
