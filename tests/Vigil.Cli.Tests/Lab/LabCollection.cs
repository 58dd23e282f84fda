namespace Vigil.Cli.Tests.Lab;

/// <summary>The classes that build a whole seed lab run one after the other: two labs at once on a 2-core CI machine would blur the fast timing.</summary>
[CollectionDefinition(Name)]
public sealed class LabCollection
{
    public const string Name = "seed lab";
}
