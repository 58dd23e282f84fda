using System.Diagnostics;

namespace Vigil.Core.Tests.Golden;

/// <summary>Runs the installed tshark on a capture file and returns its verbose dissection.</summary>
internal static class Tshark
{
    public static string? Path { get; } = Find();

    public static string Dissect(string pcap, params string[] preferences)
    {
        var start = new ProcessStartInfo(Path ?? "tshark")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in (string[])["-n", "-r", pcap, "-V", .. preferences.SelectMany(p => new[] { "-o", p })])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("tshark did not finish within 60 s.");
        }

        Assert.True(process.ExitCode == 0, $"tshark failed ({process.ExitCode}): {stderr.Result}");
        return stdout;
    }

    private static string? Find()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = System.IO.Path.Combine(dir, "tshark");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
