using Vigil.Core.StateMachine;

namespace Vigil.Core.Simulation;

/// <summary>An advert in flight on the simulated LAN.</summary>
internal readonly record struct AdvertFrame(
    RouterAddress Source,
    int VirtualRouterId,
    int Version,
    int Priority,
    int IntervalCentiseconds,
    string? Password,
    IReadOnlyList<RouterAddress> Addresses);

/// <summary>What a simulated node puts on the wire and what its receive validation accepts.</summary>
internal static class SimulatedWire
{
    public static AdvertFrame Encode(SimulatedInstance instance, int priority) => new(
        instance.Router.PrimaryAddress,
        instance.Router.VirtualRouterId,
        instance.Router.Version,
        priority,
        (int)(instance.Router.AdvertInterval.Ticks / (TimeSpan.TicksPerMillisecond * 10)),
        instance.AuthPassword,
        instance.VirtualAddresses);

    /// <summary>Returns null when the receiver accepts the frame, else the reason it drops it.</summary>
    public static string? Validate(in AdvertFrame frame, SimulatedInstance receiver)
    {
        VirtualRouterOptions r = receiver.Router;
        if (frame.Version != r.Version)
        {
            return "version";
        }

        if (r.Version == 2)
        {
            if ((frame.Password is null) != (receiver.AuthPassword is null))
            {
                return "authtype_mismatch";
            }

            if (frame.Password is not null && !string.Equals(Truncate(frame.Password), Truncate(receiver.AuthPassword!), StringComparison.Ordinal))
            {
                return "auth_failure";
            }

            if (frame.IntervalCentiseconds != (int)(r.AdvertInterval.Ticks / (TimeSpan.TicksPerMillisecond * 10)))
            {
                return "advert_interval";
            }
        }
        else if (frame.IntervalCentiseconds == 0)
        {
            return "advert_interval";
        }

        return null;
    }

    private static string Truncate(string password) => password.Length > 8 ? password[..8] : password;
}
