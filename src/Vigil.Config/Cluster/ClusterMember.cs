using Vigil.Config.Model;

namespace Vigil.Config.Cluster;

/// <summary>One node's instance of a virtual router.</summary>
internal sealed record ClusterMember(ClusterNode Node, VrrpInstance Instance)
{
    public string Name => $"{Node.Label} ({Instance.Name})";
}
