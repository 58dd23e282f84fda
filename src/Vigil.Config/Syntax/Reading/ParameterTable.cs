using System.Globalization;

namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// keepalived 2.2.7's parameters (check_definition(), find_definition(), replace_param() in
/// lib/parser.c): <c>$NAME=VALUE</c> definitions and their substitution at use time. A use is
/// <c>$NAME</c> followed by blank, ',', ')' or the end of the line, or <c>${NAME}</c> anywhere.
/// Substitution rescans the replaced text, so it is recursive; undefined names stay as written.
/// A multi-line parameter may only be used at the end of a line; its first line replaces the use
/// and its other lines follow as lines of their own.
/// </summary>
internal sealed class ParameterTable
{
    /// <summary>keepalived reads lines into a 1024-byte buffer (MAXBUF) and stops substituting when a line would outgrow it.</summary>
    public const int KeepalivedMaxLine = 1023;

    private const int MaxSubstitutionsPerLine = 1000;

    private readonly Dictionary<string, Definition> _definitions = new(StringComparer.Ordinal);

    /// <summary>
    /// The parameters (with the value they had) whose expansion is being processed further out: a ~SEQ/~LST
    /// body that came from a parameter. Using one of them again with the same value can never end.
    /// </summary>
    private readonly List<(Definition Definition, string Value)> _active = [];

    public ParameterTable(Func<string> currentDirectory, string? configId, Func<string?, string> random)
    {
        // The pre-defined parameters (set_std_definitions()); an operator's $NAME= overrides them.
        Predefine("_PWD", _ => currentDirectory());
        Predefine("_INSTANCE", _ => configId ?? "");
        Predefine("_RANDOM", random, maxArguments: 2);
        Set("_HASH", "#");
        Set("_BANG", "!");
    }

    /// <summary>The definition being continued with '\' lines, if any.</summary>
    public OpenDefinition? Open { get; private set; }

    /// <summary>
    /// If <paramref name="line"/> is a definition <c>$NAME=VALUE</c> (no blank before '='), records it
    /// and returns true. A value ending in '\' starts a multi-line definition.
    /// </summary>
    public bool TryDefine(string line, SourceLocation at)
    {
        if (line.Length < 2 || line[0] != '$' || !IsNameStart(line[1]))
            return false;
        int p = 2;
        while (p < line.Length && line[p] != '=')
        {
            if (!IsNameChar(line[p]))
                return false;
            p++;
        }
        if (p >= line.Length)
            return false;

        string name = line[1..p];
        p++;
        while (p < line.Length && Decommenter.IsBlank(line[p]))
            p++;
        string value = line[p..];
        if (value.EndsWith('\\'))
        {
            string first = value[..^1].TrimEnd(' ', '\t');
            Open = new OpenDefinition(name, first.Length > 0 ? first + "\n" : "", at);
            return true;
        }
        Set(name, value).DefinedAt = at;
        return true;
    }

    /// <summary>Adds one (already decommented, non-empty) line to the open multi-line definition.</summary>
    public void Continue(string line)
    {
        OpenDefinition open = Open!;
        bool more = line.EndsWith('\\');
        string text = more ? line[..^1].TrimEnd(' ', '\t') + "\n" : line;
        // keepalived does not add lines that held nothing but the '\'.
        if (text.Length >= 2 || (text.Length > 0 && !more))
            open.Value.Append(text);
        if (!more)
            Close();
    }

    /// <summary>Ends the open multi-line definition (its last line had no '\', or an empty line followed).</summary>
    public void Close()
    {
        if (Open is null)
            return;
        string value = Open.Value.ToString();
        Definition definition = Set(Open.Name, value);
        definition.Multiline = value.Length > 0;
        definition.DefinedAt = Open.At;
        Open = null;
    }

    public Definition Set(string name, string value)
    {
        if (!_definitions.TryGetValue(name, out Definition? definition))
        {
            definition = new Definition(name);
            _definitions.Add(name, definition);
        }
        definition.Value = value;
        definition.Multiline = false;
        definition.Compute = null;
        definition.MaxArguments = 0;
        definition.DefinedAt = null;
        return definition;
    }

    /// <summary>
    /// Replaces every use of a defined parameter in <paramref name="line"/>. Lines after the first of
    /// multi-line values are pushed on <paramref name="following"/> (newest first, as keepalived's
    /// multiline stack); when <paramref name="following"/> is null a multi-line use is an error.
    /// Returns whether anything was replaced; <paramref name="error"/> is set when substitution had to stop.
    /// </summary>
    public bool Substitute(ref MappedText line, Stack<Queue<MappedText>>? following, out SubstitutionError? error, List<(Definition, string)>? used = null)
    {
        error = null;
        bool replaced = false;
        int count = 0;
        int pendingBefore = following?.Count ?? 0;
        int position = 0;
        // The replacements still being rescanned (innermost last) and where each ends in the line now.
        List<(Definition Definition, int End)>? inside = null;
        while (true)
        {
            int dollar = line.Text.IndexOf('$', position);
            if (dollar < 0 || dollar + 1 >= line.Length)
                break;
            while (inside?.Count > 0 && inside[^1].End <= dollar)
                inside.RemoveAt(inside.Count - 1);
            if (!TryFindUse(line.Text, dollar, out Definition? definition, out int span, out string? arguments))
            {
                position = dollar + 1;
                continue;
            }
            // A multi-line parameter is also still expanding while lines of its value wait on the stack (pushed before this line).
            if (definition.Compute is null && (IsExpanding(definition, inside) || (definition.Multiline && IsPending(definition, following, pendingBefore))))
            {
                error = Recursion(dollar, definition);
                return replaced;
            }
            if (++count > MaxSubstitutionsPerLine)
            {
                error = new SubstitutionError(dollar, SyntaxCodes.ExpansionTooLarge,
                    $"parameter substitution does not end after {MaxSubstitutionsPerLine} replacements (does a parameter contain itself?)");
                return replaced;
            }

            string value = definition.Compute?.Invoke(arguments) ?? definition.Value;
            int column = line.ColumnAt(dollar);
            string replacement = value;
            if (definition.Multiline)
            {
                if (following is null)
                {
                    error = new SubstitutionError(dollar, SyntaxCodes.ExpansionTooLarge, $"the multi-line parameter ${definition.Name} cannot be used here");
                    return replaced;
                }
                string[] lines = value.Split('\n');
                replacement = lines[0];
                var rest = new PendingLines(definition, value, lines.Length - 1);
                for (int i = 1; i < lines.Length; i++)
                    rest.Enqueue(MappedText.AtColumn(lines[i], column));
                following.Push(rest);
            }

            if (line.Length - span + replacement.Length > KeepalivedMaxLine)
            {
                error = new SubstitutionError(dollar, SyntaxCodes.ExpansionTooLarge,
                    $"substituting ${definition.Name} makes the line longer than keepalived's {KeepalivedMaxLine}-byte limit, where keepalived stops substituting");
                return replaced;
            }
            line = line.Replace(dollar, span, replacement, column);
            replaced = true;
            if (definition.Compute is null)
            {
                used?.Add((definition, value));
                inside ??= [];
                for (int i = 0; i < inside.Count; i++)
                    inside[i] = (inside[i].Definition, inside[i].End + replacement.Length - span);
                inside.Add((definition, dollar + replacement.Length));
            }
            // Rescan from the same place: substitution is recursive (keepalived does not advance).
            position = dollar;
            // keepalived stops at a value that starts with '~' so a ~SEQ/~LST in a parameter is processed as one.
            if (value.AsSpan().TrimStart(" \t").StartsWith("~", StringComparison.Ordinal))
                break;
        }
        return replaced;
    }

    private static SubstitutionError Recursion(int dollar, Definition definition)
    {
        string where = definition.DefinedAt is { } at ? $" (defined at {at.File}:{at.Line})" : "";
        return new SubstitutionError(dollar, SyntaxCodes.RecursiveParameter,
            $"parameter ${definition.Name}{where} uses itself: its expansion never ends",
            $"remove ${definition.Name} from its own value, or from the values of the parameters it uses");
    }

    // The line being substituted came out of the bottom `before` queues' expansions, so a use of their parameter is recursion.
    private static bool IsPending(Definition definition, Stack<Queue<MappedText>>? following, int before)
    {
        if (following is null)
            return false;
        int skip = following.Count - before;
        foreach (Queue<MappedText> queue in following)
        {
            if (skip-- > 0)
                continue;
            if (queue is PendingLines pending && ReferenceEquals(pending.Definition, definition) && string.Equals(pending.Value, definition.Value, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>The lines of a multi-line parameter's value still to be read, and which parameter (with which value) they came from.</summary>
    private sealed class PendingLines(Definition definition, string value, int capacity) : Queue<MappedText>(capacity)
    {
        public Definition Definition { get; } = definition;

        public string Value { get; } = value;
    }

    /// <summary>Marks the parameters <paramref name="used"/> as being expanded until <see cref="EndExpanding"/> with the count returned.</summary>
    public int BeginExpanding(List<(Definition, string)> used)
    {
        _active.AddRange(used);
        return used.Count;
    }

    public void EndExpanding(int count) => _active.RemoveRange(_active.Count - count, count);

    private bool IsExpanding(Definition definition, List<(Definition Definition, int End)>? inside)
    {
        if (inside is not null)
        {
            foreach ((Definition outer, _) in inside)
            {
                if (ReferenceEquals(outer, definition))
                    return true;
            }
        }
        foreach ((Definition outer, string value) in _active)
        {
            // A loop variable reuses the name with a new value: that is not the same expansion again.
            if (ReferenceEquals(outer, definition) && string.Equals(value, definition.Value, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>The undefined <c>${NAME}</c> uses left in a line (keepalived leaves them as written).</summary>
    public static IEnumerable<(int Index, string Name)> BracedNames(string line)
    {
        int position = 0;
        while ((position = line.IndexOf("${", position, StringComparison.Ordinal)) >= 0)
        {
            int end = position + 2;
            while (end < line.Length && IsNameChar(line[end]))
                end++;
            if (end < line.Length && line[end] == '}' && end > position + 2 && IsNameStart(line[position + 2]))
                yield return (position, line[(position + 2)..end]);
            position += 2;
        }
    }

    private bool TryFindUse(string text, int dollar, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Definition? definition, out int span, out string? arguments)
    {
        definition = null;
        span = 0;
        arguments = null;
        int i = dollar + 1;
        bool braces = text[i] == '{';
        if (braces)
            i++;
        if (i >= text.Length || !IsNameStart(text[i]))
            return false;
        int nameStart = i;
        while (i < text.Length && IsNameChar(text[i]))
            i++;
        string name = text[nameStart..i];

        bool allowMultiline;
        if (braces)
        {
            int argumentStart = -1, argumentEnd = -1;
            while (i < text.Length && (text[i] == ' ' || char.IsAsciiDigit(text[i])))
            {
                if (text[i] != ' ')
                {
                    if (argumentStart < 0)
                        argumentStart = i;
                    argumentEnd = i;
                }
                i++;
            }
            if (argumentStart >= 0 && argumentEnd + 1 != i)
                return false;
            if (i >= text.Length || text[i] != '}')
                return false;
            if (argumentStart >= 0)
                arguments = text[argumentStart..(argumentEnd + 1)];
            span = i + 1 - dollar;
            allowMultiline = i + 1 == text.Length;
        }
        else
        {
            if (i < text.Length && text[i] is not (' ' or '\t' or ',' or ')'))
                return false;
            span = i - dollar;
            allowMultiline = i == text.Length;
        }

        if (!_definitions.TryGetValue(name, out Definition? found) || (found.Multiline && !allowMultiline))
            return false;
        if (arguments is not null && found.MaxArguments == 0)
            return false;
        definition = found;
        return true;
    }

    private void Predefine(string name, Func<string?, string> compute, int maxArguments = 0)
    {
        Definition definition = Set(name, "");
        definition.Compute = compute;
        definition.MaxArguments = maxArguments;
    }

    public static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Formats a number the way keepalived's printf("%ld") does.</summary>
    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A multi-line definition still collecting its '\'-continued lines.</summary>
internal sealed class OpenDefinition(string name, string first, SourceLocation at)
{
    public string Name { get; } = name;

    public SourceLocation At { get; } = at;

    public System.Text.StringBuilder Value { get; } = new(first);
}

/// <summary>Why substitution stopped: at which index of the line, with which diagnostic.</summary>
internal sealed record SubstitutionError(int Index, string Code, string Message, string? Hint = null);
