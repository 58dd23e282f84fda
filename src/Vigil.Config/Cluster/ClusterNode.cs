using Vigil.Config.Model;

namespace Vigil.Config.Cluster;

/// <summary>One node of a cluster as the operator named it (its file, or file plus config id) and its effective model.</summary>
public sealed record ClusterNode(string Label, KeepalivedConfig Config);
