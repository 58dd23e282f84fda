using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// The <c>track_group G</c> option of static_ipaddress / static_routes / static_rules lines (keepalived 2.2.7
/// vrrp_ipaddress.c, vrrp_iproute.c, vrrp_iprule.c): valid only on static entries, and only with an interface to track.
/// </summary>
internal static class StaticTrackGroup
{
    /// <summary>The group name after <c>track_group</c>, or null (error reported) on a virtual entry or without a name.</summary>
    public static string? Parse(ConfigToken[] words, ref int index, bool isStatic, string block, BindContext context)
    {
        if (!isStatic)
        {
            context.Error(words[index].Location, "misplaced-option", $"'track_group' is only valid on {block} entries",
                "a virtual entry already follows its instance's state; remove 'track_group …'");
            return null;
        }

        return EntryWords.ValueAfter(words, ref index, "entry", context)?.Text;
    }

    /// <summary>keepalived: "Static route/rule cannot have track_group if interface not specified", and drops the track_group.</summary>
    public static void NeedsInterface(SourceLocation location, string entryKind, string option, BindContext context) =>
        context.Warning(location, "track-group-no-interface",
            $"this static {entryKind} has track_group but no interface, so nothing is tracked (keepalived ignores the track_group too)",
            $"add '{option}' (the interface whose state the group's instances should follow) or remove 'track_group …'");
}
