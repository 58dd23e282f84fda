namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// Builds the node tree from statement lines, with an explicit stack so that any nesting depth is
/// safe. keepalived's reader hands over one statement per line after splitting lines at braces
/// (read_line() in lib/parser.c), so a line is either "{", "}" or a statement; a "{" opens the
/// block of the statement just before it, wherever the operator put it.
/// </summary>
internal sealed class TreeBuilder(DiagnosticSink diagnostics)
{
    /// <summary>keepalived's deepest real nesting is four levels; anything near this is not a configuration.</summary>
    public const int MaxDepth = 32;

    private readonly List<ConfigNode> _root = [];
    private readonly Stack<Frame> _open = new();
    private int _skippedDepth;
    private bool _reportedTooDeep;
    private bool _lastWasStatement;

    public IReadOnlyList<ConfigNode> Root => _root;

    private List<ConfigNode> Current => _open.Count > 0 ? _open.Peek().Children : _root;

    public void Add(MappedText line, string file, int lineNumber)
    {
        var tokens = LineTokenizer.Tokenize(line, file, lineNumber, out bool unmatchedQuote);
        if (unmatchedQuote)
        {
            int quote = line.Text.LastIndexOf('"');
            diagnostics.Error(new SourceLocation(file, lineNumber, line.ColumnAt(Math.Max(quote, 0))), SyntaxCodes.UnterminatedQuote,
                "this quoted string has no closing '\"'", "add the closing '\"' on the same line");
        }
        if (tokens.Count == 0)
            return;

        ConfigToken first = tokens[0];
        if (!first.Quoted && first.Text == "{")
            Open(first);
        else if (!first.Quoted && first.Text == "}")
            Close(first);
        else
            Statement(tokens, line.Text);
    }

    public IReadOnlyList<ConfigNode> Finish()
    {
        if (_open.Count > 0)
        {
            // Report the innermost unclosed blocks first: that is where the '}' is usually missing.
            int reported = 0;
            foreach (Frame frame in _open)
            {
                if (reported++ == 10)
                {
                    diagnostics.Error(frame.Owner, SyntaxCodes.UnclosedBlock, $"{_open.Count - 10} more blocks are not closed either");
                    break;
                }
                diagnostics.Error(frame.Owner, SyntaxCodes.UnclosedBlock,
                    $"the block of '{frame.OwnerName}' opened here is never closed",
                    "add the missing '}' at the end of this block");
            }
            _open.Clear();
        }
        return _root;
    }

    private void Statement(List<ConfigToken> tokens, string text)
    {
        _lastWasStatement = _skippedDepth == 0;
        if (_skippedDepth > 0)
            return;
        var arguments = tokens.Count == 1 ? [] : new ConfigToken[tokens.Count - 1];
        tokens.CopyTo(1, arguments, 0, arguments.Length);
        Current.Add(new ConfigNode(tokens[0], arguments, null) { SourceText = text });
    }

    private void Open(ConfigToken brace)
    {
        bool follows = _lastWasStatement;
        _lastWasStatement = false;
        if (_skippedDepth > 0)
        {
            _skippedDepth++;
            return;
        }
        List<ConfigNode> siblings = Current;
        if (!follows || siblings.Count == 0 || siblings[^1].Children is not null)
        {
            diagnostics.Error(brace.Location, SyntaxCodes.UnexpectedOpenBrace,
                "'{' does not follow a keyword that can open a block",
                "put the block keyword (e.g. 'vrrp_instance NAME') before the '{', or remove the '{'");
            // Keep the brace count right: treat it as an anonymous block whose contents are dropped.
            _skippedDepth = 1;
            return;
        }
        if (_open.Count >= MaxDepth)
        {
            if (!_reportedTooDeep)
            {
                _reportedTooDeep = true;
                diagnostics.Error(brace.Location, SyntaxCodes.NestingTooDeep,
                    $"blocks are nested more than {MaxDepth} deep; keepalived's deepest block is 4 levels",
                    "check for '{' that should be '}'");
            }
            _skippedDepth = 1;
            return;
        }
        ConfigNode owner = siblings[^1];
        var children = new List<ConfigNode>();
        siblings[^1] = owner with { Children = children };
        _open.Push(new Frame(children, owner.Location, owner.Name));
    }

    private void Close(ConfigToken brace)
    {
        _lastWasStatement = false;
        if (_skippedDepth > 0)
        {
            _skippedDepth--;
            return;
        }
        if (_open.Count == 0)
        {
            diagnostics.Error(brace.Location, SyntaxCodes.ExtraCloseBrace,
                "'}' closes nothing: there is no open block here",
                "remove this '}' or add the '{' it belongs to");
            return;
        }
        _open.Pop();
    }

    private sealed record Frame(List<ConfigNode> Children, SourceLocation Owner, string OwnerName);
}
