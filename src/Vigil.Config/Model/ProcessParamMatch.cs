namespace Vigil.Config.Model;

/// <summary><c>param_match</c> of <c>vrrp_track_process</c>: how configured parameters are compared with the process's command line.</summary>
public enum ProcessParamMatch
{
    Exact,
    Initial,
    Partial,
}
