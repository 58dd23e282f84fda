using Vigil.Lab.Nodes;

namespace Vigil.Lab.Control;

/// <summary>One thing the lab can do to its system: its name (`vigil lab NAME`), its key in the live view, and whether it takes a node.</summary>
public sealed record LabAction(string Name, char Key, string Help, bool TakesNode);

/// <summary>
/// The lab's actions by name. The live view's keys and the `vigil lab ACTION` subcommands (over the
/// lab's socket) resolve to the same <see cref="Prepare"/>, so a key and a subcommand do the same thing.
/// </summary>
public static class LabActions
{
    public static IReadOnlyList<LabAction> All { get; } =
    [
        new("kill-master", 'k', "power off the master: its link cut, vigil and nginx killed, the VIP gone from eth0", TakesNode: false),
        new("stop-nginx", 's', "kill nginx (SIGKILL) on the master, or on NODE; the check script restarts it", TakesNode: true),
        new("break-nginx", 'b', "give nginx a config it refuses and kill it, on the master or NODE; the check fails", TakesNode: true),
        new("cut-link", 'c', "cut the master's (or NODE's) link to the LAN", TakesNode: true),
        new("restore", 'r', "everything back: nginx configs repaired, links up, nginx and vigil running", TakesNode: false),
    ];

    public static IReadOnlyList<string> Nodes { get; } = ["lb1", "lb2"];

    public static LabAction? Named(string? name) => All.FirstOrDefault(a => a.Name == name);

    public static LabAction? ForKey(char key) => All.FirstOrDefault(a => a.Key == key);

    /// <summary>
    /// What <paramref name="action"/> will do, in words, and the deed. "The master" is resolved now (the
    /// VIP holder at this moment, lb1 when nobody or both hold it); <paramref name="node"/> names another target.
    /// </summary>
    public static (string What, Action Act) Prepare(SeedLab lab, LabAction action, string? node)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(action);
        LoadBalancerNode target = node is null || !action.TakesNode ? lab.Master() : lab.Node(node);
        return action.Name switch
        {
            "kill-master" => ($"power off {target.Name} (link cut, vigil and nginx killed, VIP gone)", () => lab.PowerOff(target)),
            "stop-nginx" => ($"kill nginx on {target.Name} (the check restarts it)", () => SeedLab.KillNginx(target)),
            "break-nginx" => ($"break nginx on {target.Name} (config it refuses; killed)", () => SeedLab.BreakNginx(target)),
            "cut-link" => ($"cut {target.Name}'s link", () => lab.CutLink(target)),
            "restore" => ("restore: nginx configs repaired, links up, nginx and vigil running", lab.Restore),
            _ => throw new ArgumentException($"unknown action '{action.Name}'", nameof(action)),
        };
    }
}
