using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Daemon.Control;
using Vigil.Daemon.Status;
using Vigil.Linux.Control;

namespace Vigil.Daemon.Tests;

/// <summary>The control protocol over a real Unix socket in a temporary directory, with a canned snapshot instead of a loop.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ControlServerTests : IDisposable
{
    private const uint ControlGroup = 4242;
    private static readonly PeerCredentials s_root = new(1, 0, 0, []);
    private static readonly PeerCredentials s_groupMember = new(2, 1000, 1000, [ControlGroup]);
    private static readonly PeerCredentials s_stranger = new(3, 1001, 1001, []);

    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-control-").FullName;
    private readonly List<string> _reloads = [];
    private readonly ControlServer _server;

    public ControlServerTests()
    {
        RuntimeDirectory.Prepare(_directory, null);
        _server = new ControlServer(
            ControlSocket.Listen(SocketPath, null),
            new ControlAccess(DaemonUserId: 0, ControlGroupId: ControlGroup),
            _ => Task.FromResult(new DaemonStatus { ProcessId = 99 }),
            why => _reloads.Add(why),
            NullLogger.Instance);
        _server.Start();
    }

    private string SocketPath => Path.Combine(_directory, "vigil.sock");

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task RequestAsync_StatusOverTheSocket_ReturnsTheSnapshot()
    {
        ControlResponse response = await ControlClient.RequestAsync(SocketPath, ControlProtocol.Status, CancellationToken.None);

        Assert.True(response.Ok, response.Error);
        Assert.Equal(99, response.Status!.ProcessId);
    }

    [Fact]
    public void Listen_WithoutGroup_SocketIsOwnerOnly()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
    }

    [Fact]
    public async Task HandleAsync_ReloadFromGroupMember_RefusedAndNotCalled()
    {
        ControlResponse response = await Handle("{\"op\":\"reload\"}", s_groupMember);

        Assert.False(response.Ok);
        Assert.Contains("root only", response.Error, StringComparison.Ordinal);
        Assert.Empty(_reloads);
    }

    [Fact]
    public async Task HandleAsync_ReloadFromRoot_CallsReload()
    {
        ControlResponse response = await Handle("{\"op\":\"reload\"}", s_root);

        Assert.True(response.Ok);
        Assert.Single(_reloads);
    }

    [Fact]
    public async Task HandleAsync_StatusFromGroupMember_Allowed()
    {
        Assert.True((await Handle("{\"op\":\"status\"}", s_groupMember)).Ok);
    }

    [Fact]
    public async Task HandleAsync_StatusFromStranger_PermissionDenied()
    {
        ControlResponse response = await Handle("{\"op\":\"status\"}", s_stranger);

        Assert.False(response.Ok);
        Assert.StartsWith("permission denied", response.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"op\":\"shutdown\"}")]
    [InlineData("{}")]
    [InlineData("")]
    public async Task HandleAsync_BadRequest_ErrorReplyNamingTheProblem(string line)
    {
        ControlResponse response = await Handle(line, s_root);

        Assert.False(response.Ok);
        Assert.StartsWith("bad request", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OversizedRequest_ErrorReplyThenServerStillAnswers()
    {
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
            await socket.SendAsync(new byte[ControlProtocol.MaxRequestBytes + 10], SocketFlags.None);
            byte[] buffer = new byte[4096];
            int read = await socket.ReceiveAsync(buffer, SocketFlags.None);
            Assert.Contains("longer than 4096 bytes", Encoding.UTF8.GetString(buffer, 0, read), StringComparison.Ordinal);
        }

        Assert.True((await ControlClient.RequestAsync(SocketPath, ControlProtocol.Ping, CancellationToken.None)).Ok);
    }

    private Task<ControlResponse> Handle(string line, PeerCredentials peer) =>
        _server.HandleAsync(Encoding.UTF8.GetBytes(line), peer, CancellationToken.None);
}
