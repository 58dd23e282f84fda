using Microsoft.Extensions.Logging;

namespace Vigil.Cli.Logging;

/// <summary>keepalived's -g/--log-file: every message also appended to a file, one timestamped line each.</summary>
internal sealed class FileSink(string path) : ILineSink
{
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    private readonly Lock _lock = new();

    public void Write(LogLevel level, string line)
    {
        string stamped = $"{DateTime.UtcNow:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {Level(level)} {line}";
        lock (_lock)
        {
            _writer.WriteLine(stamped);
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Critical => "crit",
        LogLevel.Error => "fail",
        LogLevel.Warning => "warn",
        LogLevel.Information => "info",
        _ => "dbug",
    };

    public void Dispose() => _writer.Dispose();
}
