using Vigil.Lab.Http;

namespace Vigil.Cli.Tests.Lab;

/// <summary>Outages are runs of failed requests in start order, whatever order the requests finished in.</summary>
public sealed class OutageTests
{
    [Fact]
    public void Outages_FailuresFinishingAfterLaterSuccesses_OneRunFromFirstFailureToNextSuccessStart()
    {
        // A timed-out request (started at 10) is recorded after requests that started later.
        (double, bool)[] results = [(0, true), (14, false), (18, false), (22, true), (10, false), (26, true)];

        (List<Outage> outages, double? open) = RequestLoop.Outages(results);

        Outage outage = Assert.Single(outages);
        Assert.Equal(new Outage(10, 22, 3), outage);
        Assert.Equal(12, outage.DurationMs);
        Assert.Null(open);
    }

    [Fact]
    public void Outages_TrailingFailures_ReportedAsOpen()
    {
        (List<Outage> outages, double? open) = RequestLoop.Outages([(0, true), (4, false), (8, true), (12, false), (16, false)]);

        Assert.Equal([new Outage(4, 8, 1)], outages);
        Assert.Equal(12, open);
    }

    [Fact]
    public void Since_LaterSnapshot_CountsOnlyTheDifferenceAndLaterOutages()
    {
        var earlier = new ClientSnapshot(100, 90, 10, 1000, new Dictionary<string, long> { ["app1"] = 90 }, [new Outage(100, 200, 10)], null);
        var later = new ClientSnapshot(300, 270, 30, 3000, new Dictionary<string, long> { ["app1"] = 150, ["app2"] = 120 },
            [new Outage(100, 200, 10), new Outage(2000, 2100, 20)], null);

        ClientSnapshot delta = later.Since(earlier);

        Assert.Equal((200L, 180L, 20L), (delta.Sent, delta.Succeeded, delta.Failed));
        Assert.Equal(60, delta.AnsweredBy["app1"]);
        Assert.Equal(120, delta.AnsweredBy["app2"]);
        Assert.Equal([new Outage(2000, 2100, 20)], delta.Outages);
    }
}
