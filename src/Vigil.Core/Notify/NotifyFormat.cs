using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Core.Notify;

/// <summary>What keepalived passes to notify scripts and writes to notify FIFOs (vrrp_notify.c, keepalived.conf(5)).</summary>
public static class NotifyFormat
{
    /// <summary>
    /// The notify_master/backup/fault/stop/… script for <paramref name="state"/>, if configured. The
    /// generic <c>notify</c> script runs as well: see <see cref="TryGenericArguments"/>.
    /// </summary>
    public static ScriptCommand? SpecificScript(NotifyScripts scripts, NotifyState state)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        return state switch
        {
            NotifyState.Master => scripts.Master,
            NotifyState.Backup => scripts.Backup,
            NotifyState.Fault => scripts.Fault,
            NotifyState.Stop => scripts.Stop,
            NotifyState.Deleted => scripts.Deleted,
            NotifyState.MasterRxLowerPri => scripts.MasterRxLowerPriority,
            _ => null,
        };
    }

    /// <summary>
    /// Whether the generic <c>notify</c> script hears this state. keepalived 2.2.7 (vrrp_notify.c) runs it for
    /// state changes only: MASTER_RX_LOWER_PRI and the MASTER_PRIORITY / BACKUP_PRIORITY lines of
    /// notify_priority_changes go to the notify FIFOs alone.
    /// </summary>
    public static bool RunsGenericScript(NotifyState state) =>
        state is not (NotifyState.MasterRxLowerPri or NotifyState.MasterPriority or NotifyState.BackupPriority);

    /// <summary>A specific notify script's argv: only its own words (keepalived appends nothing).</summary>
    public static bool TryArguments(ScriptCommand command, out IReadOnlyList<string> argv, out string? error)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ScriptCommandLexer.TrySplit(command.Command, out argv, out error);
    }

    /// <summary>The generic <c>notify</c> script's argv: its own words, then <c>INSTANCE|GROUP NAME STATE PRIORITY</c>.</summary>
    public static bool TryGenericArguments(ScriptCommand command, NotifyEvent notifyEvent, out IReadOnlyList<string> argv, out string? error)
    {
        if (!TryArguments(command, out var words, out error))
        {
            argv = words;
            return false;
        }
        argv = [.. words, notifyEvent.SubjectWord, notifyEvent.Name, notifyEvent.StateWord, notifyEvent.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        return true;
    }

    /// <summary>One notify_fifo line, newline-terminated: <c>INSTANCE "VI_1" MASTER 100</c>.</summary>
    public static string FifoLine(NotifyEvent notifyEvent) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{notifyEvent.SubjectWord} \"{notifyEvent.Name}\" {notifyEvent.StateWord} {notifyEvent.Priority}\n");
}
