using System.Text;
using Vigil.Lab.Control;
using Vigil.Linux.Control;

namespace Vigil.Cli.Tests.Lab;

/// <summary>
/// The lab socket's request handling without a lab: refusals and bad requests are answered before
/// anything touches the lab (so no lab is needed; the server listens on a socket in a temporary directory).
/// </summary>
public sealed class LabControlServerTests : IDisposable
{
    private static readonly PeerCredentials s_root = new(1234, 0, 0, []);
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-lab-socket-").FullName;
    private readonly LabControlServer _server;

    public LabControlServerTests()
    {
        _server = LabControlServer.Start(Path.Combine(_directory, "lab.sock"), driver: null!);
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task HandleAsync_NonRootPeer_RefusedWhateverItAsks()
    {
        LabResponse response = await _server.HandleAsync(Line("""{"op":"kill-master"}"""), new PeerCredentials(4321, 1000, 1000, [0]));

        Assert.False(response.Ok);
        Assert.StartsWith("permission denied: the lab is root only (uid 1000)", response.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"op":"reboot"}""", "bad request: unknown op 'reboot'; known: kill-master, stop-nginx, break-nginx, cut-link, restore, status, quit")]
    [InlineData("""{"op":"stop-nginx","node":"lb3"}""", "bad request: no node 'lb3' (known: lb1, lb2)")]
    [InlineData("""kill-master""", "bad request: expected one JSON object such as {\"op\":\"status\"}")]
    public async Task HandleAsync_BadRequest_AnsweredWithWhatIsKnown(string request, string expected)
    {
        LabResponse response = await _server.HandleAsync(Line(request), s_root);

        Assert.False(response.Ok);
        Assert.StartsWith(expected, response.Error, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Start_SocketFile_IsRootOnly0600()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_server.Path));
    }

    [Fact]
    public void LabActions_KeysAndNames_EachUniqueAndQuitIsNotAnAction()
    {
        Assert.Equal(LabActions.All.Count, LabActions.All.Select(a => a.Key).Distinct().Count());
        Assert.Equal(LabActions.All.Count, LabActions.All.Select(a => a.Name).Distinct().Count());
        Assert.Equal("kill-master", LabActions.ForKey('k')?.Name);
        Assert.Null(LabActions.ForKey('q'));
        Assert.Null(LabActions.Named(LabProtocol.Quit));
    }

    private static ReadOnlyMemory<byte> Line(string text) => Encoding.UTF8.GetBytes(text);
}
