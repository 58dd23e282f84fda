namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// Turns configuration files into statement lines for the <see cref="TreeBuilder"/>, doing what
/// keepalived 2.2.7's read_line() (lib/parser.c) does to each line, in its order: comments off,
/// multi-line definitions collected, <c>@ID</c>/<c>@^ID</c> conditions, <c>$NAME=</c> definitions,
/// <c>~SEQ</c>/<c>~LST</c> loops, parameter substitution (then comments off again, and the line
/// re-checked), <c>include</c>s, and finally the split of the line at the first '{' or '}' outside
/// double quotes — the rest of the line is processed again as a line of its own.
/// Every limit here (include depth, loop nesting, output size) turns a runaway configuration into
/// an error instead of a hang.
/// </summary>
internal sealed partial class Preprocessor
{
    private const int MaxIncludeDepth = 32;
    private const int MaxNesting = 64;
    private const long MaxStatementLines = 1_500_000;
    private const long MaxStatementCharacters = 64L << 20;
    private const long MaxWork = 4_000_000;
    private const long MaxCharactersRead = 32L << 20;

    private readonly ConfigLoadOptions _options;
    private readonly DiagnosticSink _diagnostics;
    private readonly TreeBuilder _tree;
    private readonly ParameterTable _parameters;
    private readonly Random _random;
    private readonly List<string> _openFiles = [];
    private readonly HashSet<SourceLocation> _reportedRecursion = [];
    // Vigil's one deviation from keepalived's defaults: a missing (non-glob) include is an error, since the rest of the
    // configuration silently shrinks; 'include_check -match' in global_defs opts back into keepalived's carry-on.
    private IncludeChecks _includeCheck = IncludeChecks.Match;
    private string _file = "";
    private string _directory = ".";
    private long _statementLines;
    private long _statementCharacters;
    private long _work;
    private long _charactersRead;
    private int _lineNumber;
    private bool _stopped;
    private bool _reportedNesting;

    public Preprocessor(ConfigLoadOptions options, DiagnosticSink diagnostics, TreeBuilder tree)
    {
        _options = options;
        _diagnostics = diagnostics;
        _tree = tree;
        _random = options.Random ?? new Random();
        _parameters = new ParameterTable(() => _directory, options.ConfigId, RandomValue);
    }

    /// <summary>Reads the main configuration file; keepalived opens it as a glob with the readable/match/wildcard checks.</summary>
    public void ReadMain(string path, string? text)
    {
        var at = new SourceLocation(path, 0, 0);
        if (text is not null)
        {
            ReadFile(path, text);
            return;
        }
        IncludeFiles(path, IncludeChecks.Readable | IncludeChecks.Match | IncludeChecks.WildcardMatch, at, isMain: true);
    }

    private void ReadFile(string path, string text)
    {
        string normalized = InMemoryConfigFileSystem.Normalize(path);
        _openFiles.Add(normalized);
        (string file, string directory, IncludeChecks check) saved = (_file, _directory, _includeCheck);
        _file = path;
        _directory = DirectoryOf(path);
        bool reportedBinary = false;

        int lineNumber = 0;
        int position = 0;
        while (position <= text.Length && !_stopped)
        {
            int newline = text.IndexOf('\n', position);
            int end = newline < 0 ? text.Length : newline;
            if (newline < 0 && position == text.Length)
                break;
            lineNumber++;
            int length = end - position;
            while (length > 0 && text[position + length - 1] == '\r')
                length--;
            string raw = text.Substring(position, length);
            position = end + 1;

            if (raw.Length == 0)
            {
                // An empty line ends a multi-line definition (keepalived checks before removing comments).
                _parameters.Close();
                continue;
            }
            if (ContainsBinary(raw))
            {
                if (!reportedBinary)
                {
                    reportedBinary = true;
                    _diagnostics.Error(new SourceLocation(path, lineNumber, 1), SyntaxCodes.BinaryContent,
                        "this line contains control characters (NUL or similar): is this a binary file rather than a keepalived.conf?",
                        "check the file name; such lines are ignored");
                }
                continue;
            }
            if (raw.Length >= ParameterTable.KeepalivedMaxLine && System.Text.Encoding.UTF8.GetByteCount(raw) >= ParameterTable.KeepalivedMaxLine)
            {
                // keepalived would cut the line into pieces that each mean something else; rather than
                // guess, Vigil reports it and skips it (which also keeps huge lines from costing time).
                _diagnostics.Error(new SourceLocation(path, lineNumber, 1), SyntaxCodes.LineTooLong,
                    $"this line is {System.Text.Encoding.UTF8.GetByteCount(raw)} bytes long; keepalived reads at most {ParameterTable.KeepalivedMaxLine} bytes per line and would cut it in two",
                    "split it; a long parameter can be written as a multi-line definition ending each line with '\\'");
                continue;
            }

            MappedText line = Decommenter.Decomment(MappedText.FromSource(raw), out _);
            if (line.Length == 0)
                continue;
            if (_parameters.Open is not null)
            {
                _parameters.Continue(line.Text);
                continue;
            }
            ProcessLine(line, lineNumber, 0);
        }
        _parameters.Close();

        (_file, _directory, _includeCheck) = saved;
        _openFiles.RemoveAt(_openFiles.Count - 1);
    }

    /// <summary>Processes one line and everything it expands to, without recursion for brace residues and multi-line parameter lines.</summary>
    private void ProcessLine(MappedText line, int lineNumber, int nesting)
    {
        if (nesting > MaxNesting)
        {
            ReportNesting(lineNumber, line);
            return;
        }
        Stack<Queue<MappedText>>? following = null;
        MappedText? current = line;
        while (!_stopped)
        {
            if (current is null)
            {
                if (following is null)
                    break;
                while (following.Count > 0 && following.Peek().Count == 0)
                    following.Pop();
                if (following.Count == 0)
                    break;
                current = following.Peek().Dequeue();
            }
            if (following?.Count > MaxNesting)
            {
                ReportNesting(lineNumber, current.Value);
                return;
            }
            current = ProcessOne(current.Value, lineNumber, nesting, ref following);
        }
    }

    /// <summary>One pass of read_line() over a line; returns the part after a '{' or '}' still to process.</summary>
    private MappedText? ProcessOne(MappedText line, int lineNumber, int nesting, ref Stack<Queue<MappedText>>? following)
    {
        _lineNumber = lineNumber;
        if (!Budget(lineNumber, line))
            return null;
        List<(Definition, string)>? used = null;
        for (int pass = 0; ; pass++)
        {
            if (line.Length == 0)
                return null;
            if (line[0] == '@')
            {
                MappedText? kept = ApplyCondition(line);
                if (kept is null)
                    return null;
                line = kept.Value;
            }
            if (line.Length > 0 && line[0] == '$' && _parameters.TryDefine(line.Text, At(lineNumber, line, 0)))
                return null;
            if (LoopDirective.IsLoop(line.Text))
            {
                int expanding = used is null ? 0 : _parameters.BeginExpanding(used);
                RunLoop(line, lineNumber, nesting);
                _parameters.EndExpanding(expanding);
                return null;
            }
            if (line.Length == 0 || line[0] == '~' || !line.Text.Contains('$'))
                break;

            following ??= new Stack<Queue<MappedText>>();
            used ??= [];
            bool replaced = _parameters.Substitute(ref line, following, out SubstitutionError? error, used);
            if (error is not null)
            {
                // The rest of a line whose substitution stopped would only be read again (and again): drop it.
                // Each iteration of a loop meets the same recursion again: one report per place.
                SourceLocation at = At(lineNumber, line, error.Index);
                if (error.Code != SyntaxCodes.RecursiveParameter || _reportedRecursion.Add(at))
                    _diagnostics.Error(at, error.Code, error.Message, error.Hint);
                return null;
            }
            if (!replaced)
                break;
            line = Decommenter.Decomment(line, out _);
            bool recheck = line.Length > 0 && (line[0] == '@' || line.Text.Contains('$'));
            if (!recheck || pass > 100)
                break;
        }
        if (line.Length == 0)
            return null;

        if (IncludeDirective.TryParse(line.Text, out IncludeChecks type, out int pathStart))
        {
            string pattern = line.Text[pathStart..];
            IncludeFiles(pattern, _includeCheck | type, At(lineNumber, line, pathStart), isMain: false);
            return null;
        }

        if (ReportUndefinedBracedParameter(line, lineNumber))
            return null;

        MappedText? rest = SplitAtBrace(ref line);
        Emit(line, lineNumber);
        return rest;
    }

    private MappedText? ApplyCondition(MappedText line)
    {
        bool negate = line.Length > 1 && line[1] == '^';
        int idStart = negate ? 2 : 1;
        int blank = line.Text.IndexOfAny([' ', '\t'], Math.Min(idStart, line.Length));
        // keepalived drops a condition with nothing after it.
        if (blank < 0)
            return null;
        string id = line.Text[idStart..blank];
        bool matches = _options.ConfigId is not null && string.Equals(id, _options.ConfigId, StringComparison.Ordinal);
        if (matches == negate)
            return null;
        int textStart = blank;
        while (textStart < line.Length && Decommenter.IsBlank(line[textStart]))
            textStart++;
        return line.Slice(textStart);
    }

    private void RunLoop(MappedText line, int lineNumber, int nesting)
    {
        LoopDirective? loop = LoopDirective.Parse(line.Text, SubstituteNumbers, out string? error);
        if (loop is null)
        {
            bool sequence = line[1] == 'S';
            _diagnostics.Error(At(lineNumber, line, 0), sequence ? SyntaxCodes.InvalidSequence : SyntaxCodes.InvalidList,
                $"invalid {(sequence ? "~SEQ" : "~LST")}: {error}", "see 'Sequence blocks' and 'List blocks' in man 5 keepalived.conf");
            return;
        }
        MappedText body = line.Slice(loop.BodyStart);
        foreach (IReadOnlyList<string> values in loop.Values)
        {
            if (!Budget(lineNumber, line))
                return;
            for (int i = 0; i < loop.Variables.Count; i++)
                _parameters.Set(loop.Variables[i], values[i]);
            ProcessLine(body, lineNumber, nesting + 1);
            if (_stopped)
                return;
        }
    }

    private string? SubstituteNumbers(string numbers)
    {
        MappedText text = MappedText.FromSource(numbers);
        _parameters.Substitute(ref text, null, out SubstitutionError? error);
        return error is null ? text.Text : null;
    }

    /// <summary>
    /// Counts one step of work (a line processed, a loop iteration); false, with one error, once the
    /// configuration has cost more than any real one could: loops that expand to nothing still end.
    /// </summary>
    private bool Budget(int lineNumber, MappedText line)
    {
        if (_stopped)
            return false;
        if (++_work <= MaxWork)
            return true;
        _diagnostics.Error(At(lineNumber, line, 0), SyntaxCodes.ExpansionTooLarge,
            $"reading the configuration takes more than {MaxWork} steps (lines, loop iterations); stopped reading",
            "check ~SEQ/~LST loops, nested loops and parameters that use themselves");
        _stopped = true;
        return false;
    }

    /// <summary>
    /// keepalived's final step: a line that starts with '{' or '}' is just that brace; otherwise the
    /// line is cut before the first brace outside double quotes. Returns the rest, or null.
    /// </summary>
    private static MappedText? SplitAtBrace(ref MappedText line)
    {
        string text = line.Text;
        int brace = -1;
        if (text[0] is '{' or '}')
        {
            brace = 0;
        }
        else
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '"')
                {
                    int close = text.IndexOf('"', i + 1);
                    if (close < 0)
                        break;
                    i = close;
                }
                else if (text[i] is '{' or '}')
                {
                    brace = i;
                    break;
                }
            }
        }

        MappedText? rest = null;
        if (brace >= 0)
        {
            int cut = brace;
            if (brace == 0)
            {
                cut = 1;
                while (cut < text.Length && Decommenter.IsBlank(text[cut]))
                    cut++;
            }
            if (cut < text.Length)
            {
                rest = TrimEnd(line.Slice(cut));
                line = line.Slice(0, cut);
            }
        }
        line = TrimEnd(line);
        return rest;
    }

    private static MappedText TrimEnd(MappedText text)
    {
        int end = text.Length;
        while (end > 0 && Decommenter.IsBlank(text[end - 1]))
            end--;
        return text.Slice(0, end);
    }

    private void Emit(MappedText line, int lineNumber)
    {
        _statementCharacters += line.Length;
        if (++_statementLines > MaxStatementLines || _statementCharacters > MaxStatementCharacters)
        {
            _diagnostics.Error(At(lineNumber, line, 0), SyntaxCodes.ExpansionTooLarge,
                $"the configuration expands to more than {MaxStatementLines} lines or {MaxStatementCharacters >> 20} MiB of text; stopped reading",
                "check ~SEQ/~LST loops and parameters that use themselves");
            _stopped = true;
            return;
        }
        if (line.Text.StartsWith("include_check", StringComparison.Ordinal))
            ApplyIncludeCheck(line, lineNumber);
        _tree.Add(line, _file, lineNumber);
    }

    /// <summary>
    /// An undefined <c>${NAME}</c> outside double quotes: keepalived leaves it as written and then cuts
    /// the line at its braces, so the statement falls apart. Vigil names the parameter instead.
    /// </summary>
    private bool ReportUndefinedBracedParameter(MappedText line, int lineNumber)
    {
        string text = line.Text;
        if (!text.Contains("${", StringComparison.Ordinal))
            return false;
        foreach (var (index, name) in ParameterTable.BracedNames(text))
        {
            if (IsInsideDoubleQuotes(text, index))
                continue;
            _diagnostics.Error(At(lineNumber, line, index), SyntaxCodes.UndefinedParameter,
                $"parameter ${{{name}}} is not defined here; keepalived would leave it as written and split the line at its braces",
                $"define it before this line with ${name}=VALUE, or put the text in double quotes");
            return true;
        }
        return false;
    }

    private static bool IsInsideDoubleQuotes(string text, int index)
    {
        bool inside = false;
        for (int i = 0; i < index; i++)
        {
            if (text[i] == '"')
                inside = !inside;
        }
        return inside;
    }

    private void ReportNesting(int lineNumber, MappedText line)
    {
        if (_reportedNesting)
            return;
        _reportedNesting = true;
        _diagnostics.Error(At(lineNumber, line, 0), SyntaxCodes.ExpansionTooLarge,
            $"~SEQ/~LST loops and multi-line parameters are nested more than {MaxNesting} deep here",
            "does a multi-line parameter use itself?");
    }

    private string RandomValue(string? arguments)
    {
        // ${_RANDOM [MIN [MAX]]}: defaults 0 and 32767 (get_random()).
        long min = 0, max = 32767;
        if (arguments is not null)
        {
            string[] parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out long first))
                min = first;
            if (parts.Length > 1 && long.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out long second))
                max = second;
        }
        if (max < min)
        {
            _diagnostics.Error(new SourceLocation(_file, _lineNumber, 1), SyntaxCodes.InvalidRandom,
                $"${{_RANDOM {min} {max}}}: the minimum is larger than the maximum", "write ${_RANDOM MIN MAX} with MIN <= MAX");
            return ParameterTable.Format(min);
        }
        return ParameterTable.Format(min + _random.NextInt64(max - min + 1));
    }

    private SourceLocation At(int lineNumber, MappedText line, int index) => new(_file, lineNumber, line.ColumnAt(index));

    private static bool ContainsBinary(string raw)
    {
        foreach (char c in raw)
        {
            if (c < ' ' && c is not ('\t' or '\f' or '\v' or '\r'))
                return true;
        }
        return false;
    }

    private string DirectoryOf(string path)
    {
        string? directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
            return directory;
        return _options.WorkingDirectory ?? ".";
    }
}
