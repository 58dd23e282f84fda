using Vigil.Config.Syntax.Reading;

namespace Vigil.Config.Syntax;

/// <summary>
/// Reads a keepalived.conf and everything it includes into a <see cref="ConfigDocument"/>, the way
/// keepalived 2.2.7 reads it. Never throws for bad input: every problem is a diagnostic with its location.
/// </summary>
public static class ConfigLoader
{
    /// <summary>Reads <paramref name="path"/> (a glob, like keepalived's -f) through <see cref="ConfigLoadOptions.FileSystem"/>.</summary>
    public static ConfigDocument Load(string path, ConfigLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        string resolved = options.WorkingDirectory is not null && !Path.IsPathRooted(path) ? Path.Combine(options.WorkingDirectory, path) : path;
        return Read(resolved, null, options);
    }

    internal static ConfigDocument Read(string path, string? text, ConfigLoadOptions options)
    {
        var diagnostics = new DiagnosticSink();
        var tree = new TreeBuilder(diagnostics);
        new Preprocessor(options, diagnostics, tree).ReadMain(path, text);
        IReadOnlyList<ConfigNode> nodes = tree.Finish();
        return new ConfigDocument(path, nodes, diagnostics.Items);
    }
}
