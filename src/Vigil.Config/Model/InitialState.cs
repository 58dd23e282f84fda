namespace Vigil.Config.Model;

/// <summary>The <c>state</c> keyword: the state an instance starts in (keepalived: MASTER starts as master only if it is the address owner; otherwise it still waits for the master-down timer unless it wins).</summary>
public enum InitialState
{
    Backup,
    Master,
}
