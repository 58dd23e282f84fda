using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>What a <c>vrrp_sync_group</c> block said.</summary>
internal sealed class SyncGroupBuilder(string name, SourceLocation location)
{
    public VrrpSyncGroup Value { get; set; } = new(name, ValueArray<string>.Empty, location);

    public bool GroupSeen { get; set; }
}
