using System.Globalization;

namespace Vigil.Config.Syntax.Reading;

/// <summary>
/// A parsed <c>~SEQ(var, start, step, end)</c>, <c>~SEQx(...)</c> or <c>~LST(var, v1, v2, ...)</c> /
/// <c>~LST({a,b}, {1,2}, ...)</c> line (add_seq() / add_lst() in keepalived 2.2.7's lib/parser.c):
/// the variables, the value sets to assign in turn, and the rest of the line (<see cref="BodyStart"/>)
/// that is processed once per value set.
/// </summary>
internal sealed class LoopDirective
{
    /// <summary>Upper bound on iterations of one loop; keepalived's own example makes 65,024.</summary>
    public const long MaxIterations = 1_000_000;

    private LoopDirective(IReadOnlyList<string> variables, IEnumerable<IReadOnlyList<string>> values, int bodyStart)
    {
        Variables = variables;
        Values = values;
        BodyStart = bodyStart;
    }

    public IReadOnlyList<string> Variables { get; }

    /// <summary>One list of values (one per variable) per iteration, produced lazily.</summary>
    public IEnumerable<IReadOnlyList<string>> Values { get; }

    /// <summary>Index in the line where the repeated text starts.</summary>
    public int BodyStart { get; }

    public static bool IsLoop(string line) => line.StartsWith("~SEQ", StringComparison.Ordinal) || line.StartsWith("~LST", StringComparison.Ordinal);

    /// <param name="substitute">Substitutes parameters in the ~SEQ numbers (keepalived allows $NAME there); null result means it failed.</param>
    public static LoopDirective? Parse(string line, Func<string, string?> substitute, out string? error) =>
        line[1] == 'S' ? ParseSequence(line, substitute, out error) : ParseList(line, out error);

    private static LoopDirective? ParseSequence(string line, Func<string, string?> substitute, out string? error)
    {
        error = "write ~SEQ(var, start, step, end), ~SEQ(var, start, end) or ~SEQ(var, end)";
        int p = 4;
        bool hex = p < line.Length && line[p] == 'x';
        if (hex)
            p++;
        p = SkipBlanks(line, p);
        if (p >= line.Length || line[p++] != '(')
            return null;
        p = SkipBlanks(line, p);
        int variableStart = p;
        while (p < line.Length && line[p] is not (' ' or '\t' or ',' or ')'))
            p++;
        string variable = line[variableStart..p];
        p = SkipBlanks(line, p);
        if (p >= line.Length || line[p] == ')' || variable.Length == 0)
            return null;
        p = SkipBlanks(line, p + 1);
        int close = line.IndexOf(')', p);
        if (close < 0)
            return null;
        // keepalived copies the numbers into a 64-byte buffer.
        if (close + 2 - p > 64)
        {
            error = "the ~SEQ numbers are too long";
            return null;
        }
        string? numbers = substitute(line[p..(close + 1)]);
        if (numbers is null)
        {
            error = "a ~SEQ number cannot be a multi-line parameter";
            return null;
        }

        int q = 0;
        long one = StrToL(numbers, ref q);
        q = SkipBlanks(numbers, q);
        long start, step, end;
        if (q < numbers.Length && numbers[q] == ')')
        {
            end = one;
            step = end < 1 ? -1 : 1;
            start = end < 0 ? -1 : 1;
        }
        else
        {
            if (q >= numbers.Length || numbers[q] != ',')
                return null;
            q++;
            long two = StrToL(numbers, ref q);
            q = SkipBlanks(numbers, q);
            if (q < numbers.Length && numbers[q] == ')')
            {
                start = one;
                end = two;
                step = start <= end ? 1 : -1;
            }
            else
            {
                if (q >= numbers.Length || numbers[q] != ',')
                    return null;
                q++;
                long three = StrToL(numbers, ref q);
                q = SkipBlanks(numbers, q);
                if (q >= numbers.Length || numbers[q] != ')')
                    return null;
                (start, step, end) = (one, two, three);
                if (step == 0 || (start < end && step < 0) || (start > end && step > 0))
                {
                    error = $"the step {step} never gets from {start} to {end}";
                    return null;
                }
            }
        }
        if (hex && (start < 0 || end < 0))
        {
            error = "~SEQx only takes numbers that are not negative";
            return null;
        }
        Int128 iterations = ((Int128)end - start) / step + 1;
        if (iterations > MaxIterations)
        {
            error = $"this ~SEQ would repeat the line {iterations} times (more than {MaxIterations})";
            return null;
        }

        error = null;
        return new LoopDirective([variable], Sequence(start, step, (long)iterations, hex), SkipBlanks(line, close + 1));
    }

    private static IEnumerable<IReadOnlyList<string>> Sequence(long start, long step, long iterations, bool hex)
    {
        Int128 value = start;
        for (long i = 0; i < iterations; i++, value += step)
        {
            // keepalived prints with "%lx" (lower-case hex) or "%ld".
            yield return [hex ? ((ulong)(long)value).ToString("x", CultureInfo.InvariantCulture) : ((long)value).ToString(CultureInfo.InvariantCulture)];
        }
    }

    private static LoopDirective? ParseList(string line, out string? error)
    {
        error = "write ~LST(var, value1, value2, ...) or ~LST({var1, var2}, {value1, value2}, ...)";
        int p = SkipBlanks(line, 4);
        if (p >= line.Length || line[p++] != '(')
            return null;
        p = SkipBlanks(line, p);

        char endChar = ',';
        if (At(line, p) == '{')
        {
            endChar = '}';
            p = SkipBlanks(line, p + 1);
        }
        var variables = new List<string>();
        while (true)
        {
            int start = p;
            while (p < line.Length && line[p] is not (' ' or '\t' or ',' or '}'))
                p++;
            variables.Add(line[start..p]);
            p = SkipBlanks(line, p);
            if (At(line, p) == endChar)
                break;
            if (At(line, p) != ',')
                return null;
            p = SkipBlanks(line, p + 1);
        }
        if (At(line, p) == '}')
            p = SkipBlanks(line, p + 1);
        if (At(line, p) != ',')
            return null;
        p = SkipBlanks(line, p + 1);

        var sets = new List<IReadOnlyList<string>>();
        while (true)
        {
            endChar = ',';
            if (At(line, p) == '{')
            {
                endChar = '}';
                p = SkipBlanks(line, p + 1);
            }
            var values = new List<string>(variables.Count);
            while (true)
            {
                int start = p;
                while (p < line.Length && line[p] is not (' ' or '\t' or ',' or '}' or ')'))
                    p++;
                values.Add(line[start..p]);
                p = SkipBlanks(line, p);
                char at = At(line, p);
                if (at == endChar || (at == ')' && endChar == ','))
                    break;
                if (at != ',')
                    return null;
                p = SkipBlanks(line, p + 1);
                if (values.Count > variables.Count - 1)
                {
                    error = $"a value set has more values than the {variables.Count} variables";
                    return null;
                }
            }
            // Missing values are empty.
            while (values.Count < variables.Count)
                values.Add("");
            sets.Add(values);
            if (sets.Count > MaxIterations)
            {
                error = $"this ~LST has more than {MaxIterations} value sets";
                return null;
            }

            if (At(line, p) == '}' && endChar == '}')
                p = SkipBlanks(line, p + 1);
            if (At(line, p) == ')')
                break;
            if (At(line, p) != ',')
                return null;
            p = SkipBlanks(line, p + 1);
        }

        error = null;
        return new LoopDirective(variables, sets, SkipBlanks(line, p + 1));
    }

    private static char At(string line, int index) => index < line.Length ? line[index] : '\0';

    private static int SkipBlanks(string line, int index)
    {
        while (index < line.Length && Decommenter.IsBlank(line[index]))
            index++;
        return Math.Min(index, line.Length);
    }

    /// <summary>
    /// strtol(s, &amp;end, 0): optional blanks and sign, then "0x" hex, "0" octal or decimal digits;
    /// with no digits the value is 0 and the position does not move. Saturates like strtol.
    /// </summary>
    internal static long StrToL(string s, ref int index)
    {
        int start = index;
        int i = index;
        while (i < s.Length && LineTokenizer.IsWhiteSpace(s[i]))
            i++;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            negative = s[i++] == '-';
        int radix = 10;
        if (i + 1 < s.Length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < s.Length && char.IsAsciiHexDigit(s[i + 2]))
        {
            radix = 16;
            i += 2;
        }
        else if (i < s.Length && s[i] == '0')
        {
            radix = 8;
        }
        Int128 value = 0;
        int digits = 0;
        while (i < s.Length)
        {
            int digit = DigitValue(s[i]);
            if (digit < 0 || digit >= radix)
                break;
            value = Int128.Min(value * radix + digit, (Int128)long.MaxValue + 1);
            digits++;
            i++;
        }
        if (digits == 0)
        {
            index = start;
            return 0;
        }
        index = i;
        if (negative)
            value = -value;
        return (long)Int128.Clamp(value, long.MinValue, long.MaxValue);
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
