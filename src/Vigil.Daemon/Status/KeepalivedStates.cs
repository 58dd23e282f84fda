using Vigil.Core.StateMachine;

namespace Vigil.Daemon.Status;

/// <summary>keepalived's names and numbers for states (vrrp.h VRRP_STATE_*), used in every dump and metric.</summary>
public static class KeepalivedStates
{
    public static string Name(RouterState state) => state switch
    {
        RouterState.Backup => "BACKUP",
        RouterState.Master => "MASTER",
        RouterState.Fault => "FAULT",
        RouterState.Stopped => "STOP",
        _ => "INIT",
    };

    /// <summary>INIT 0, BACKUP 1, MASTER 2, FAULT 3, STOP 98 (from the name): the value of keepalived_vrrp_state and of the JSON "state".</summary>
    public static int Number(string name) => name switch
    {
        "BACKUP" => 1,
        "MASTER" => 2,
        "FAULT" => 3,
        "STOP" => 98,
        _ => 0,
    };
}
