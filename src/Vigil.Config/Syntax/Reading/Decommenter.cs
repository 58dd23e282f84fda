namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// keepalived 2.2.7's decomment() (lib/parser.c): strips leading blanks; cuts the line at the first
/// '#' or '!' outside double quotes; turns "\#" and "\!" outside quotes into a literal '#'/'!';
/// drops trailing blanks; and keeps a final '\' (the multi-line parameter continuation) attached
/// to the text before it. Single quotes do not protect comment characters (keepalived only
/// tracks double quotes here).
/// </summary>
internal static class Decommenter
{
    public static MappedText Decomment(MappedText line, out bool unterminatedQuote)
    {
        string text = line.Text;
        int start = 0;
        while (start < text.Length && IsBlank(text[start]))
            start++;

        bool quote = false;
        int commentStart = -1;
        int continuation = -1;
        List<int>? escapes = null;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '"')
            {
                if (commentStart < 0)
                    quote = !quote;
            }
            else if (c == '\\')
            {
                if (i + 1 >= text.Length)
                {
                    continuation = i;
                    break;
                }
                char next = text[i + 1];
                if (!quote && (next == '#' || next == '!') && commentStart < 0)
                    (escapes ??= []).Add(i);
                i++;
            }
            else if ((c == '#' || c == '!') && !quote && commentStart < 0)
            {
                commentStart = i;
            }
        }

        unterminatedQuote = quote;
        int end = commentStart >= 0 ? commentStart : continuation >= 0 ? continuation : text.Length;
        while (end > start && IsBlank(text[end - 1]))
            end--;

        MappedText result = escapes is null ? line.Slice(start, end - start) : line.Slice(start, end - start).RemoveAt(escapes, start);
        return continuation >= 0 ? result.Append(line.Slice(continuation, 1)) : result;
    }

    public static bool IsBlank(char c) => c is ' ' or '\t';
}
