namespace Vigil.Config.Model;

/// <summary><c>track_interface { IF [weight W [reverse]] }</c>: weight 0 means the instance goes to FAULT when the link goes down.</summary>
public sealed record TrackedInterface(string Name, int Weight, bool Reverse, SourceRef Location);
