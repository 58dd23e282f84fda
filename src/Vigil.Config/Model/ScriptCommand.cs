namespace Vigil.Config.Model;

/// <summary>
/// A command line keepalived runs (notify scripts, fifo scripts, startup/shutdown scripts):
/// <c>notify_master "/path/script arg1 arg2" [user [group]]</c>. <see cref="Command"/> is the text
/// as written (inside the quotes); keepalived splits it into argv on unquoted spaces when it runs it.
/// </summary>
public sealed record ScriptCommand(string Command, ScriptUser? User, SourceRef Location)
{
    /// <summary>The program path: the first word of the command.</summary>
    public string Program => Command.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries) is [var first, ..] ? first : "";
}
