using Vigil.Config.Binding;
using Vigil.Config.Diagnostics;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Tests.Binding;

/// <summary>Binds keepalived.conf text for tests. Uses a minimal line parser (one statement per line, '{' ends a line, '}' alone).</summary>
internal static class Conf
{
    public static ConfigBindResult Bind(string text) => ConfigBinder.Bind(Parse(text));

    public static KeepalivedConfig Model(string text)
    {
        ConfigBindResult result = Bind(text);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return result.Config;
    }

    public static VrrpInstance Instance(string body, string global = "") =>
        Model($"global_defs {{\n{global}\n}}\nvrrp_instance VI_1 {{\ninterface eth0\nvirtual_router_id 51\n{body}\nvirtual_ipaddress {{\n192.0.2.1/24\n}}\n}}\n").Instances[0];

    public static ConfigBindResult BindInstance(string body, string vips = "192.0.2.1/24", string global = "") =>
        Bind($"global_defs {{\n{global}\n}}\nvrrp_instance VI_1 {{\ninterface eth0\nvirtual_router_id 51\n{body}\nvirtual_ipaddress {{\n{vips}\n}}\n}}\n");

    public static IEnumerable<Diagnostic> Errors(this ConfigBindResult result) => result.Diagnostics.Where(d => d.Severity == Severity.Error);

    public static IEnumerable<Diagnostic> Warnings(this ConfigBindResult result) => result.Diagnostics.Where(d => d.Severity == Severity.Warning);

    public static Diagnostic Single(this ConfigBindResult result, string code) =>
        Assert.Single(result.Diagnostics, d => d.Code == code);

    public static ConfigDocument Parse(string text, string file = "test.conf")
    {
        var stack = new Stack<(ConfigToken Keyword, List<ConfigToken> Args, List<ConfigNode> Children)>();
        var top = new List<ConfigNode>();
        string[] lines = text.Split('\n');
        for (int l = 0; l < lines.Length; l++)
        {
            string line = lines[l];
            int cut = line.IndexOfAny(['#', '!']);
            if (cut >= 0)
            {
                line = line[..cut];
            }

            var tokens = new List<ConfigToken>();
            int i = 0;
            while (i < line.Length)
            {
                if (char.IsWhiteSpace(line[i]))
                {
                    i++;
                    continue;
                }

                int start = i;
                if (line[i] == '"')
                {
                    int end = line.IndexOf('"', i + 1);
                    end = end < 0 ? line.Length : end;
                    tokens.Add(new ConfigToken(line[(i + 1)..end], new SourceLocation(file, l + 1, start + 1), true));
                    i = end + 1;
                    continue;
                }

                while (i < line.Length && !char.IsWhiteSpace(line[i]))
                {
                    i++;
                }

                tokens.Add(new ConfigToken(line[start..i], new SourceLocation(file, l + 1, start + 1)));
            }

            if (tokens.Count == 0)
            {
                continue;
            }

            if (tokens[0].Text == "}")
            {
                var (kw, args, children) = stack.Pop();
                var node = new ConfigNode(kw, args, children);
                (stack.Count > 0 ? stack.Peek().Children : top).Add(node);
                continue;
            }

            if (tokens[^1].Text == "{")
            {
                stack.Push((tokens[0], tokens.Skip(1).SkipLast(1).ToList(), []));
                continue;
            }

            var leaf = new ConfigNode(tokens[0], tokens.Skip(1).ToList(), null);
            (stack.Count > 0 ? stack.Peek().Children : top).Add(leaf);
        }

        return new ConfigDocument(file, top, []);
    }
}
