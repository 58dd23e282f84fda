using System.Text;
using Microsoft.Extensions.Logging;
using Vigil.Cli.Logging;

namespace Vigil.Cli.Tests.Logging;

public sealed class LogFactoryTests
{
    [Fact]
    public void CreateLogger_BelowTheMinimum_NotEnabledAndNotWritten()
    {
        var sink = new RecordingSink();
        using var factory = new LogFactory(LogLevel.Information, [new LineLoggerProvider(sink)]);
        ILogger logger = factory.CreateLogger("vigil");

        logger.LogDebug("hidden");
        logger.LogWarning("shown");

        Assert.False(logger.IsEnabled(LogLevel.Debug));
        Assert.Equal(["Warning vigil: shown"], sink.Lines);
    }

    [Fact]
    public void CreateLogger_SameCategory_SameLogger()
    {
        using var factory = new LogFactory(LogLevel.Debug, []);

        Assert.Same(factory.CreateLogger("vigil.lvs"), factory.CreateLogger("vigil.lvs"));
    }

    [Fact]
    public void BackgroundWriter_Dispose_WritesEveryLineInOrder()
    {
        var stream = new MemoryStream();
        var writer = new BackgroundWriter(stream, dropped => $"{dropped} dropped\n", "test log");
        for (int i = 0; i < 1000; i++)
        {
            writer.Write(new StringBuilder($"line {i}\n"));
        }

        writer.Dispose();

        string[] lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"line {i}"), lines);
    }

    private sealed class RecordingSink : ILineSink
    {
        public List<string> Lines { get; } = [];

        public void Write(LogLevel level, string line) => Lines.Add($"{level} {line}");

        public void Dispose()
        {
        }
    }
}
