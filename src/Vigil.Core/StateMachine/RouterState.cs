namespace Vigil.Core.StateMachine;

/// <summary>The states of one virtual router (RFC 5798 §6.4, plus keepalived's FAULT and STOP).</summary>
public enum RouterState
{
    /// <summary>Not started yet (RFC 5798 §6.4.1).</summary>
    Initialize,

    /// <summary>Watching the master's adverts, ready to take over (RFC 5798 §6.4.2).</summary>
    Backup,

    /// <summary>Owns the virtual addresses and advertises (RFC 5798 §6.4.3).</summary>
    Master,

    /// <summary>keepalived extension: an interface or an unweighted tracker is down; no adverts processed.</summary>
    Fault,

    /// <summary>Shut down (keepalived's STOP); a later Startup begins again.</summary>
    Stopped,
}
