namespace Vigil.Cli.Check;

/// <summary>What to check: the files (one per node, or one file with several config ids) and whether to look at this host too.</summary>
internal sealed record CheckRequest(IReadOnlyList<string> Files, IReadOnlyList<string> ConfigIds, bool OnThisHost)
{
    /// <summary>keepalived's default config id: the host name up to the first '.'.</summary>
    public static string DefaultConfigId()
    {
        string host = System.Net.Dns.GetHostName();
        int dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? host : host[..dot];
    }

    /// <summary>
    /// The nodes to check: several files are several nodes (one --config-id applies to all, or one per file);
    /// one file with several ids is one node per id.
    /// </summary>
    public IEnumerable<(string File, string ConfigId, string Label)> Nodes()
    {
        if (Files.Count == 1 && ConfigIds.Count > 1)
        {
            return ConfigIds.Select(id => (Files[0], id, $"{Files[0]}@{id}"));
        }

        string fallback = ConfigIds.Count == 1 ? ConfigIds[0] : DefaultConfigId();
        return Files.Select((file, i) => (file, ConfigIds.Count == Files.Count ? ConfigIds[i] : fallback, file));
    }
}
