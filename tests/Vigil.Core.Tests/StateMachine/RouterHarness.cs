using Vigil.Core.Protocol;
using Vigil.Core.StateMachine;

namespace Vigil.Core.Tests.StateMachine;

/// <summary>Drives one router with explicit times and keeps the actions of the last step.</summary>
internal sealed class RouterHarness
{
    public static readonly NetAddress Low = NetAddress.Parse("192.0.2.1");
    public static readonly NetAddress Mid = NetAddress.Parse("192.0.2.2");
    public static readonly NetAddress High = NetAddress.Parse("192.0.2.3");

    public RouterHarness(VirtualRouterOptions options)
    {
        Router = new VirtualRouter(options);
    }

    public VirtualRouter Router { get; }

    public List<RouterAction> Actions { get; } = [];

    public static VirtualRouterOptions Options(int priority = 100, int version = 2, NetAddress? address = null) => new()
    {
        Name = "VI_1",
        VirtualRouterId = 51,
        Priority = priority,
        Version = version,
        PrimaryAddress = address ?? Mid,
    };

    public static RouterHarness Create(int priority = 100, int version = 2) => new(Options(priority, version));

    public static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds);

    public List<RouterAction> Step(RouterInput input, TimeSpan now)
    {
        Actions.Clear();
        Router.Step(input, now, Actions);
        return Actions;
    }

    public List<RouterAction> Advert(int priority, NetAddress source, TimeSpan now, int intervalCentiseconds = 100) =>
        Step(RouterInput.Advertisement(priority, intervalCentiseconds, source), now);

    /// <summary>Steps DeadlineReached at the router's own NextDeadline and returns that time.</summary>
    public TimeSpan RunToDeadline()
    {
        TimeSpan deadline = Router.NextDeadline ?? throw new InvalidOperationException("no deadline armed");
        Step(RouterInput.DeadlineReached, deadline);
        return deadline;
    }

    /// <summary>Starts a priority-100 router and lets it become master at Master_Down_Interval.</summary>
    public TimeSpan StartAsMaster()
    {
        Step(RouterInput.Startup, TimeSpan.Zero);
        return RunToDeadline();
    }

    public RouterActionKind[] Kinds() => Actions.Select(a => a.Kind).ToArray();

    public RouterAction StateChange() => Assert.Single(Actions, a => a.Kind == RouterActionKind.StateChanged);
}
