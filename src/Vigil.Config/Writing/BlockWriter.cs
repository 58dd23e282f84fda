using System.Text;

namespace Vigil.Config.Writing;

/// <summary>Indented keepalived.conf text: one statement per line, blocks opened with '{' and closed on their own line.</summary>
internal sealed class BlockWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Open(string keyword, string? name = null)
    {
        Indent().Append(keyword);
        if (name is not null)
        {
            _text.Append(' ').Append(name);
        }

        _text.Append(" {\n");
        _depth++;
    }

    public void Close()
    {
        _depth--;
        Indent().Append("}\n");
    }

    public void Line(string keyword, string? value = null)
    {
        Indent().Append(keyword);
        if (value is not null)
        {
            _text.Append(' ').Append(value);
        }

        _text.Append('\n');
    }

    public void Raw(string line) => Indent().Append(line).Append('\n');

    public void Flag(string keyword, bool on)
    {
        if (on)
        {
            Line(keyword);
        }
    }

    public void List(string keyword, IEnumerable<string> items)
    {
        Open(keyword);
        foreach (string item in items)
        {
            Raw(item);
        }

        Close();
    }

    public override string ToString() => _text.ToString();

    private StringBuilder Indent() => _text.Append(' ', _depth * 4);
}
