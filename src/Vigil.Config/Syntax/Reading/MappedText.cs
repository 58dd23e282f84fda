namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// A piece of one configuration line together with the source column of every character, so
/// that tokens keep their column through comment removal, conditional prefixes, parameter
/// substitution and brace splitting. Text that came from a substitution carries the column of
/// the <c>$</c> where it was used. Unedited text needs no column array (column = offset + index).
/// </summary>
internal readonly struct MappedText
{
    private readonly int[]? _columns;
    private readonly int _firstColumn;

    private MappedText(string text, int[]? columns, int firstColumn)
    {
        Text = text;
        _columns = columns;
        _firstColumn = firstColumn;
    }

    public string Text { get; }

    public int Length => Text.Length;

    public char this[int index] => Text[index];

    /// <summary>Text as it stands in the file, starting at <paramref name="firstColumn"/> (1-based).</summary>
    public static MappedText FromSource(string text, int firstColumn = 1) => new(text, null, firstColumn);

    /// <summary>Text that all maps to one column: the place a parameter or sequence was used.</summary>
    public static MappedText AtColumn(string text, int column)
    {
        var columns = new int[text.Length];
        Array.Fill(columns, column);
        return new MappedText(text, columns, column);
    }

    /// <summary>The 1-based source column of character <paramref name="index"/> (index == Length gives the column after the end).</summary>
    public int ColumnAt(int index)
    {
        if (_columns is null)
            return _firstColumn + index;
        if (_columns.Length == 0)
            return _firstColumn;
        return index < _columns.Length ? _columns[index] : _columns[^1] + 1;
    }

    public MappedText Slice(int start) => Slice(start, Text.Length - start);

    public MappedText Slice(int start, int length)
    {
        if (start == 0 && length == Text.Length)
            return this;
        string text = Text.Substring(start, length);
        if (_columns is null)
            return new MappedText(text, null, _firstColumn + start);
        return new MappedText(text, _columns.AsSpan(start, length).ToArray(), ColumnAt(start));
    }

    /// <summary>This text with <paramref name="count"/> characters at <paramref name="start"/> replaced by <paramref name="value"/>, which maps to <paramref name="column"/>.</summary>
    public MappedText Replace(int start, int count, string value, int column)
    {
        string text = string.Concat(Text.AsSpan(0, start), value, Text.AsSpan(start + count));
        var columns = new int[text.Length];
        for (int i = 0; i < start; i++)
            columns[i] = ColumnAt(i);
        columns.AsSpan(start, value.Length).Fill(column);
        for (int i = start + count, j = start + value.Length; i < Text.Length; i++, j++)
            columns[j] = ColumnAt(i);
        return new MappedText(text, columns, text.Length > 0 ? columns[0] : column);
    }

    /// <summary>This text without the characters at <paramref name="positions"/> (ascending, relative to <paramref name="origin"/>).</summary>
    public MappedText RemoveAt(IReadOnlyList<int> positions, int origin)
    {
        var builder = new System.Text.StringBuilder(Text.Length);
        var columns = new List<int>(Text.Length);
        int next = 0;
        for (int i = 0; i < Text.Length; i++)
        {
            if (next < positions.Count && positions[next] - origin == i)
            {
                next++;
                continue;
            }
            builder.Append(Text[i]);
            columns.Add(ColumnAt(i));
        }
        return new MappedText(builder.ToString(), [.. columns], columns.Count > 0 ? columns[0] : ColumnAt(0));
    }

    /// <summary>This text followed by <paramref name="other"/>, each keeping its own columns.</summary>
    public MappedText Append(MappedText other)
    {
        if (other.Length == 0)
            return this;
        if (Length == 0)
            return other;
        string text = Text + other.Text;
        var columns = new int[text.Length];
        for (int i = 0; i < Text.Length; i++)
            columns[i] = ColumnAt(i);
        for (int i = 0; i < other.Length; i++)
            columns[Text.Length + i] = other.ColumnAt(i);
        return new MappedText(text, columns, columns[0]);
    }

    public override string ToString() => Text;
}
