using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Daemon.Hosting;

namespace Vigil.Daemon.Tests;

public sealed class ServiceNotifierTests
{
    [Fact]
    public void ParseWatchdog_UsecForThisProcess_IsTheIntervalAndPetsAtHalf()
    {
        TimeSpan? interval = ServiceNotifier.ParseWatchdog("3000000", "42", 42);

        Assert.Equal(TimeSpan.FromSeconds(3), interval);
    }

    [Theory]
    [InlineData(null, null)] // WatchdogSec= not set
    [InlineData("0", null)] // zero: off
    [InlineData("abc", null)] // garbage: off, not a crash
    [InlineData("-5", null)]
    [InlineData("3000000", "41")] // meant for another process (inherited by a child)
    [InlineData("3000000", "x")]
    public void ParseWatchdog_NotForUs_IsOff(string? usec, string? pid) =>
        Assert.Null(ServiceNotifier.ParseWatchdog(usec, pid, 42));

    [Fact]
    public void Create_NoNotifySocket_IsDisabledAndCallsDoNothing()
    {
        using ServiceNotifier notifier = ServiceNotifier.Create(null, "3000000", null, 42, NullLogger.Instance);

        Assert.False(notifier.Enabled);
        Assert.Null(notifier.WatchdogInterval);
        notifier.Ready("up");
        notifier.PetWatchdog();
    }

    [Fact]
    public void Create_UnsupportedSocketForm_IsDisabledInsteadOfFailingTheDaemon()
    {
        using ServiceNotifier notifier = ServiceNotifier.Create("vsock:2:99", null, null, 42, NullLogger.Instance);

        Assert.False(notifier.Enabled);
    }

    [Fact]
    public void Create_AbstractSocketWithWatchdog_PetsAtHalfTheInterval()
    {
        using ServiceNotifier notifier = ServiceNotifier.Create("@vg-notifier-test", "400000", null, 42, NullLogger.Instance);

        Assert.True(notifier.Enabled);
        Assert.Equal(TimeSpan.FromMilliseconds(200), notifier.PetInterval);
        notifier.Stopping("nobody listens: logged once, no exception");
    }
}
