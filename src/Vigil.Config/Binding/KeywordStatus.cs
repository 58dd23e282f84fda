namespace Vigil.Config.Binding;

/// <summary>What <c>vigil run</c> does with a keyword the binder reads.</summary>
internal enum KeywordSupport
{
    /// <summary>The daemon does what keepalived does; <see cref="KeywordStatus.Detail"/> names the test (Class.Method) proving the effect.</summary>
    Applied,

    /// <summary>Read but not applied: the binder warns ("not-applied", <c>vigil -t</c> exits 5) with <see cref="KeywordStatus.Detail"/> as the reason.</summary>
    Diagnosed,

    /// <summary>Read but not applied, and the keyword's own handler reports it (an error where ignoring is dangerous, or a code of its own).</summary>
    DiagnosedByHandler,

    /// <summary>keepalived's only effect lies in a feature whose own keywords Vigil already diagnoses (e-mail, SNMP), so this one needs no warning.</summary>
    Inert,
}

/// <summary>One row of <see cref="KeywordApplication"/>: the support, and the test name, reason or code it rests on.</summary>
internal sealed record KeywordStatus(KeywordSupport Support, string Detail, string? Hint = null);
