namespace Vigil.Config.Binding;

/// <summary>The builder for blocks whose record needs no raw state: handlers replace <see cref="Value"/> with a changed copy.</summary>
internal sealed class Box<T>(T value)
{
    public T Value { get; set; } = value;
}
