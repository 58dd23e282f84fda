namespace Vigil.Config.Model;

/// <summary>
/// A reference from an instance or sync group to a tracked object: <c>NAME [weight W [reverse|noreverse]]</c>.
/// <see cref="Weight"/> null means "use the weight configured on the tracked object".
/// </summary>
public sealed record TrackReference(string Name, int? Weight, bool Reverse, SourceRef Location);
