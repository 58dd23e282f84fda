namespace Vigil.Config.Syntax.Reading;

/// <summary>The include half of the preprocessor: globbing, keepalived's include checks, cycles.</summary>
internal sealed partial class Preprocessor
{
    /// <summary>
    /// Includes every file <paramref name="pattern"/> matches (open_and_check_glob(), open_conf_file()):
    /// relative to the including file's directory, braces expanded, then globbed. Which problems are
    /// errors depends on <paramref name="checks"/>; the others are reported as warnings or notes,
    /// because keepalived itself carries on silently.
    /// </summary>
    private void IncludeFiles(string pattern, IncludeChecks checks, SourceLocation at, bool isMain)
    {
        if (pattern.Length == 0)
        {
            Report(checks, IncludeChecks.Match, at, SyntaxCodes.IncludeNoMatch, "include without a file name", "write 'include PATH'");
            return;
        }
        if (_openFiles.Count >= MaxIncludeDepth)
        {
            _diagnostics.Error(at, SyntaxCodes.IncludeTooDeep, $"includes are nested more than {MaxIncludeDepth} deep",
                "check for files that include each other");
            return;
        }

        string resolved = isMain || pattern.StartsWith('/') ? pattern : Path.Combine(_directory, pattern);
        bool hasBrace = BraceExpander.HasBrace(resolved);
        var matches = new List<string>();
        bool missing = false, wildcard = false;
        foreach (string alternative in hasBrace ? BraceExpander.Expand(resolved) : [resolved])
        {
            ConfigGlobResult result = _options.FileSystem.Glob(alternative);
            matches.AddRange(result.Matches);
            missing |= result.SomethingMissing;
            wildcard |= GlobMatcher.HasWildcard(alternative);
        }

        string what = isMain ? "configuration file" : "included file";
        if (matches.Count == 0)
        {
            if (missing)
                Report(checks, hasBrace ? IncludeChecks.BraceMatch : IncludeChecks.Match, at, SyntaxCodes.FileNotFound,
                    $"{what} '{resolved}' does not exist", isMain ? "check the path" : "check the path, or use 'includer' if the file is optional");
            else if (wildcard)
                Report(checks, IncludeChecks.WildcardMatch, at, SyntaxCodes.IncludeNoMatch,
                    $"no files match '{resolved}'", null, quiet: true);
            return;
        }
        if (missing)
        {
            Report(checks, IncludeChecks.BraceMatch, at, SyntaxCodes.FileNotFound,
                $"some of the files '{resolved}' names do not exist", "check each alternative of the {a,b} expression");
            if ((checks & IncludeChecks.BraceMatch) != 0)
                return;
        }

        foreach (string match in matches)
        {
            if (_stopped)
                return;
            if (match.EndsWith('/'))
            {
                Report(checks, IncludeChecks.Readable, at, SyntaxCodes.FileUnreadable, $"{what} '{match}' is a directory - skipping", "name the files in it, e.g. 'dir/*.conf'");
                continue;
            }
            if (_openFiles.Contains(InMemoryConfigFileSystem.Normalize(match)))
            {
                _diagnostics.Error(at, SyntaxCodes.IncludeCycle,
                    $"'{match}' includes itself: {string.Join(" -> ", _openFiles)} -> {match}",
                    "remove the include that closes the loop");
                continue;
            }
            if (!_options.FileSystem.TryReadAllText(match, isMain, out string text, out string? problem))
            {
                Report(checks, IncludeChecks.Readable, at, SyntaxCodes.FileUnreadable, $"{what} '{match}' {problem ?? "cannot be read"} - skipping", null);
                continue;
            }
            _charactersRead += text.Length;
            if (_charactersRead > MaxCharactersRead)
            {
                _diagnostics.Error(at, SyntaxCodes.ExpansionTooLarge,
                    $"the configuration files together are larger than {MaxCharactersRead >> 20} MiB; stopped reading at '{match}'",
                    "is an include pattern matching more than it should?");
                _stopped = true;
                return;
            }
            ReadFile(match, text);
        }
    }

    /// <summary>keepalived's file_config_error(): an error when the check is enabled, otherwise only logged.</summary>
    private void Report(IncludeChecks enabled, IncludeChecks check, SourceLocation at, string code, string message, string? hint, bool quiet = false)
    {
        if ((enabled & check) != 0)
            _diagnostics.Error(at, code, message, hint);
        else if (quiet)
            _diagnostics.Info(at, code, message, hint);
        else
            _diagnostics.Warning(at, code, message + " (keepalived carries on without it)", hint);
    }

    /// <summary>
    /// <c>include_check [[+|-]read|match|wildcard_match|brace_match ...]</c> in global_defs changes which
    /// include problems are errors from here on (include_check_set()); an included file's change ends with that file.
    /// </summary>
    private void ApplyIncludeCheck(MappedText line, int lineNumber)
    {
        string[] words = line.Text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words[0] != "include_check")
            return;
        if (words.Length == 1)
        {
            _includeCheck = IncludeChecks.All;
            return;
        }
        for (int i = 1; i < words.Length; i++)
        {
            string word = words[i];
            int mode = word[0] == '-' ? -1 : word[0] == '+' ? 1 : 0;
            string name = mode == 0 ? word : word[1..];
            if (mode == 0)
            {
                if (i > 1)
                {
                    _diagnostics.Error(new SourceLocation(_file, lineNumber, line.ColumnAt(line.Text.IndexOf(word, StringComparison.Ordinal))),
                        SyntaxCodes.UnknownIncludeCheck, $"include_check '{word}' given twice", "prefix further checks with + or -");
                    continue;
                }
                _includeCheck = IncludeChecks.None;
            }
            IncludeChecks flag = name switch
            {
                "read" => IncludeChecks.Readable,
                "match" => IncludeChecks.Match,
                "wildcard_match" => IncludeChecks.WildcardMatch,
                "brace_match" => IncludeChecks.BraceMatch,
                _ => IncludeChecks.None,
            };
            if (flag == IncludeChecks.None)
            {
                _diagnostics.Error(new SourceLocation(_file, lineNumber, line.ColumnAt(line.Text.IndexOf(word, StringComparison.Ordinal))),
                    SyntaxCodes.UnknownIncludeCheck, $"unknown include_check type '{name}'", "use read, match, wildcard_match or brace_match");
                continue;
            }
            _includeCheck = mode switch
            {
                0 => IncludeChecks.Readable | flag,
                1 => _includeCheck | flag,
                _ => _includeCheck & ~flag,
            };
        }
    }
}
