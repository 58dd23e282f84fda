using System.Net;
using Vigil.Config.Model;
using Vigil.Daemon.Lvs.Checkers;

namespace Vigil.Daemon.Lvs;

public sealed partial class LvsController
{
    /// <summary>
    /// A TCP_CHECK or PING_CHECK of one real server on the engine: its verdicts go to <see cref="Apply{T}"/> with the
    /// server and the checker's index held here, instead of two closures and two delegates per check (~270 B each).
    /// The server's slots are chained from <see cref="LvsState.RealServerState.EngineSlots"/> (no list or dictionary entry per server).
    /// </summary>
    private sealed class EngineSlot(LvsController controller, LvsState.RealServerState real, int checker, IPEndPoint target, CheckTiming timing, bool echo)
        : TcpCheckSlot(target, timing, echo)
    {
        /// <summary>The next of the same real server's slots on the engine.</summary>
        public EngineSlot? Next { get; init; }

        public override void Verdict(bool up) =>
            controller.Apply(real, checker, up, this, static s => s.Describe()); // static: the reason is built only for a change

        public override void SourceChanged() =>
            controller.SourceChanged(real, $"TCP_CHECK {Target}", SourceError == 0 ? null : Source!.Describe(SourceError));
    }
}
