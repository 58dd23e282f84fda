using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>Parses <c>KEYWORD "command args" [user [group]]</c> (notify scripts, fifo scripts, startup/shutdown scripts) and <c>FIFO [user [group]]</c>.</summary>
internal static class ScriptLine
{
    public static ScriptCommand? Command(ConfigNode node, BindContext context)
    {
        if (context.Arg(node, 0, "a command (in quotes if it has arguments)") is not { } command)
        {
            return null;
        }

        context.NoMoreThan(node, 3);
        if (command.Text.Trim().Length == 0)
        {
            context.Error(command.Location, "invalid-value", $"'{node.Name}' has an empty command", $"write '{node.Name} \"/path/to/script arg…\"'");
            return null;
        }

        return new ScriptCommand(command.Text, User(node, 1), node.Location);
    }

    public static FifoSpec? Fifo(ConfigNode node, BindContext context)
    {
        if (context.Arg(node, 0, "a FIFO path") is not { } path)
        {
            return null;
        }

        context.NoMoreThan(node, 3);
        return new FifoSpec(path.Text, User(node, 1), node.Location);
    }

    public static ScriptUser? User(ConfigNode node, int index) =>
        node.Arguments.Count > index ? new ScriptUser(node.Arguments[index].Text, node.Arguments.Count > index + 1 ? node.Arguments[index + 1].Text : null) : null;
}
