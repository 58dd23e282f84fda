namespace Vigil.Lab;

/// <summary>The lab could not be built or driven; the message says which step failed and why.</summary>
public sealed class LabException : Exception
{
    public LabException()
    {
    }

    public LabException(string message)
        : base(message)
    {
    }

    public LabException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
