using Vigil.Config.Binding;

namespace Vigil.Config.Tests.Binding;

/// <summary>
/// Entries of list blocks (addresses, routes, rules, track lists, peers) made of empty or odd words: each is
/// an error naming the line, never an exception (issue 11, item 21).
/// </summary>
public sealed class HostileEntryTests
{
    public static TheoryData<string, string> Entries()
    {
        string[] instanceBlocks = ["virtual_ipaddress", "virtual_ipaddress_excluded", "virtual_routes", "virtual_rules", "track_interface", "track_script",
            "track_file", "track_process", "unicast_peer"];
        string[] topBlocks = ["static_ipaddress", "static_routes", "static_rules"];
        string[] entries = ["\"\"", "\"\" \"\"", "\"\" dev eth0", "192.0.2.0/24 \"\"", "192.0.2.0/24 dev \"\"", "to \"\"", "via \"\"", "\"\" weight 1",
            "x weight \"\"", "198.51.100.0/24 \"\" 1", "from \"\" table 1", "192.0.2.9 min_ttl \"\""];
        var data = new TheoryData<string, string>();
        foreach (string block in instanceBlocks)
        {
            foreach (string entry in entries)
            {
                data.Add($"instance:{block}", entry);
            }
        }

        foreach (string block in topBlocks)
        {
            foreach (string entry in entries)
            {
                data.Add(block, entry);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Entries))]
    public void Bind_EmptyOrOddWordsInAListEntry_AreReportedNotThrown(string block, string entry)
    {
        ConfigBindResult result = block.StartsWith("instance:", StringComparison.Ordinal)
            ? Conf.BindInstance($"{block["instance:".Length..]} {{\n{entry}\n}}")
            : Conf.Bind($"{block} {{\n{entry}\n}}\n");

        Assert.True(result.HasErrors, $"{block} {{ {entry} }} bound without an error:\n{string.Join("\n", result.Diagnostics)}");
    }

    [Theory]
    [InlineData("virtual_routes")]
    [InlineData("static_routes")]
    public void Bind_EmptyRouteEntry_NamesTheEmptyWord(string block)
    {
        ConfigBindResult result = block == "static_routes" ? Conf.Bind("static_routes {\n\"\"\n}\n") : Conf.BindInstance("virtual_routes {\n\"\"\n}");

        Assert.Contains(result.Errors(), d => d.Code == "empty-word" && d.Location.Line > 0);
    }
}
