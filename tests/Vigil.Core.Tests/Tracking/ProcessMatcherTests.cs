using System.Collections.Immutable;
using Vigil.Config.Model;
using Vigil.Core.Tracking;

namespace Vigil.Core.Tests.Tracking;

/// <summary>vrrp_track_process matching and quorum (keepalived core/track_process.c).</summary>
public class ProcessMatcherTests
{
    private static readonly ProcessSnapshot s_nginxMaster = new(10, "nginx", ["/usr/sbin/nginx", "-g", "daemon on;"]);
    private static readonly ProcessSnapshot s_nginxWorker = new(11, "nginx", ["nginx: worker process"]);

    private static TrackProcess Tracked(string process) => new("p", process, SourceRef.None);

    [Fact]
    public void Matches_ByDefault_ComparesComm()
    {
        Assert.True(ProcessMatcher.Matches(Tracked("nginx"), s_nginxMaster));
        Assert.False(ProcessMatcher.Matches(Tracked("/usr/sbin/nginx"), s_nginxMaster));
    }

    [Fact]
    public void Matches_FullCommand_ComparesArgv0()
    {
        Assert.True(ProcessMatcher.Matches(Tracked("/usr/sbin/nginx") with { FullCommand = true }, s_nginxMaster));
        Assert.False(ProcessMatcher.Matches(Tracked("nginx") with { FullCommand = true }, s_nginxMaster));
    }

    [Theory]
    [InlineData(ProcessParamMatch.Exact, new[] { "-g", "daemon on;" }, true)]
    [InlineData(ProcessParamMatch.Exact, new[] { "-g" }, false)]
    [InlineData(ProcessParamMatch.Partial, new[] { "-g" }, true)]
    [InlineData(ProcessParamMatch.Partial, new[] { "-g", "daemon" }, false)]
    [InlineData(ProcessParamMatch.Initial, new[] { "-g", "daemon" }, true)]
    [InlineData(ProcessParamMatch.Initial, new[] { "-x" }, false)]
    public void Matches_Parameters_FollowParamMatch(ProcessParamMatch match, string[] parameters, bool expected)
    {
        var tracked = Tracked("/usr/sbin/nginx") with { Parameters = ImmutableArray.Create(parameters), ParamMatch = match };
        Assert.Equal(expected, ProcessMatcher.Matches(tracked, s_nginxMaster));
    }

    [Fact]
    public void Count_CountsEveryMatchingProcess()
    {
        Assert.Equal(2, ProcessMatcher.Count(Tracked("nginx"), [s_nginxMaster, s_nginxWorker, new ProcessSnapshot(12, "sleep", ["sleep", "30"])]));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(2, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void HasQuorum_IsBetweenQuorumAndQuorumMax(int count, bool expected)
    {
        Assert.Equal(expected, ProcessMatcher.HasQuorum(Tracked("nginx") with { Quorum = 2, QuorumMax = 4 }, count));
    }
}
