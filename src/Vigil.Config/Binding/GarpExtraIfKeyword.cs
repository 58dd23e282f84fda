using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// <c>garp_extra_if [all] SECS</c> (vrrp_instance; <c>vmac_garp_intvl</c> is keepalived's deprecated spelling) and
/// <c>vrrp_garp_extra_if [all] SECS</c> (global_defs, the instances' default): keepalived reads the words in either
/// order, whole seconds up to 86400; the instance form accepts 0 (off).
/// </summary>
internal static class GarpExtraIfKeyword
{
    public static (TimeSpan Interval, bool All)? Parse(ConfigNode node, BindContext context, int min)
    {
        bool all = false;
        int? seconds = null;
        foreach (ConfigToken word in node.Arguments)
        {
            if (word.Text == "all")
            {
                all = true;
            }
            else if (seconds is null)
            {
                seconds = context.IntToken(node.Name, word, min, 86400);
                if (seconds is null)
                {
                    return null;
                }
            }
            else
            {
                context.Error(word.Location, "extra-argument", $"'{node.Name}' takes 'all' and one time, but '{word.Text}' follows",
                    $"write '{node.Name} [all] SECONDS'");
                return null;
            }
        }

        if (seconds is null)
        {
            context.Error(node.Location, "missing-argument", $"'{node.Name}' needs a time in seconds", $"write '{node.Name} [all] SECONDS'");
            return null;
        }

        return (TimeSpan.FromSeconds(seconds.Value), all);
    }
}
