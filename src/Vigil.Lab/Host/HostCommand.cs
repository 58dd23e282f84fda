using System.Diagnostics;

namespace Vigil.Lab.Host;

/// <summary>The outcome of one finished child process.</summary>
public sealed record HostCommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs a program (no shell) to completion with a bounded wait, its output captured. The lab
/// builds its network with iproute2's `ip` as an operator would by hand.
/// </summary>
public static class HostCommand
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(20);

    public static HostCommandResult Run(string file, params string[] arguments)
    {
        using Process process = Process.Start(StartInfo(file, arguments)) ?? throw new LabException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new LabException($"`{file} {string.Join(' ', arguments)}` did not finish within {s_timeout.TotalSeconds:F0} s");
        }

        return new HostCommandResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Runs and throws a <see cref="LabException"/> naming the command and its output unless it exits 0.</summary>
    public static string Must(string file, params string[] arguments)
    {
        HostCommandResult result = Run(file, arguments);
        return result.Succeeded
            ? result.StandardOutput
            : throw new LabException($"`{file} {string.Join(' ', arguments)}` exited {result.ExitCode}: {(result.StandardError + result.StandardOutput).Trim()}");
    }

    /// <summary>True when <paramref name="file"/> is an executable in PATH (plus /usr/sbin and /sbin, where iproute2 and nginx live).</summary>
    public static string? Find(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Select(directory => Path.Combine(directory, file))
            .FirstOrDefault(File.Exists);

    internal static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
