using System.Reflection;
using Microsoft.Extensions.Logging;
using Vigil.Daemon.EventLoop;

namespace Vigil.Daemon.Tests;

/// <summary>
/// Every log line the daemon writes has its own event id: operators filter and alert on them (journald's
/// structured fields, a log shipper's rules), so two messages under one id would hide one behind the other.
/// </summary>
public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_EachEventIdUsedOnce()
    {
        var messages = typeof(VrrpEventLoop).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(x => x.Attribute is { EventId: >= 0 })
            .ToList();

        Assert.True(messages.Count >= 100, $"found only {messages.Count} LoggerMessage methods: the scan misses some");
        string[] duplicates = [.. messages
            .GroupBy(x => x.Attribute!.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(x => $"{x.Method.DeclaringType!.FullName}.{x.Method.Name}"))}")];
        Assert.True(duplicates.Length == 0, "event ids used by more than one message:\n" + string.Join('\n', duplicates));
    }
}
