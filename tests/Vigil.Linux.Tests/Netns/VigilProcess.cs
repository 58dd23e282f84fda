using System.Diagnostics;
using System.Text;

namespace Vigil.Linux.Tests.Netns;

/// <summary>
/// A `vigil run` child process inside a lab namespace (`ip netns exec` execs, so the PID is the daemon's).
/// Stderr is collected for assertions and failure messages; Dispose kills it by PID if it still runs.
/// </summary>
internal sealed class VigilProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();

    private VigilProcess(Process process, string? runtimeDirectory)
    {
        _process = process;
        RuntimeDirectory = runtimeDirectory;
    }

    public int Id => _process.Id;

    /// <summary>
    /// A `vigil run`'s own runtime directory (control socket, dumps): a fresh temporary one unless the
    /// arguments name one, so daemons of parallel tests never share /run/vigil. Removed on Dispose.
    /// </summary>
    public string? RuntimeDirectory { get; }

    /// <summary>The control socket of a `vigil run` started here.</summary>
    public string SocketPath => Path.Combine(RuntimeDirectory ?? throw new InvalidOperationException("not a vigil run"), "vigil.sock");

    /// <summary>Everything the process wrote (vigil logs to stderr; stdout is collected into the same text).</summary>
    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts `dotnet vigil.dll ARGS…` in <paramref name="node"/>'s namespace.</summary>
    public static VigilProcess Start(LabNode node, params string[] arguments) => Start(node, new Dictionary<string, string>(), arguments);

    /// <summary>Starts `dotnet vigil.dll ARGS…` with extra environment variables (e.g. systemd's NOTIFY_SOCKET; `ip netns exec` passes them on).</summary>
    public static VigilProcess Start(LabNode node, IReadOnlyDictionary<string, string> environment, params string[] arguments) => Start(node, environment, [], arguments);

    /// <summary>Starts vigil with <paramref name="signals"/> (e.g. "HUP,INT") ignored, as <c>nohup</c> or a shell's background job leave them (`env --ignore-signal`).</summary>
    public static VigilProcess StartIgnoring(LabNode node, string signals, params string[] arguments) =>
        Start(node, new Dictionary<string, string>(), ["env", $"--ignore-signal={signals}"], arguments);

    private static VigilProcess Start(LabNode node, IReadOnlyDictionary<string, string> environment, string[] launcher, string[] arguments)
    {
        if (arguments is not ["run", ..] || arguments.Contains("--runtime-dir"))
        {
            return StartProgram(node, environment, null, [.. launcher, "dotnet", VigilDll(), .. arguments]);
        }

        // A path that does not exist yet: vigil run creates it 0700 itself, as it would /run/vigil.
        string runtime = Path.Combine(Path.GetTempPath(), $"vigil-run-{node.Namespace}-{Guid.NewGuid():N}");
        return StartProgram(node, environment, runtime, [.. launcher, "dotnet", VigilDll(), .. arguments, "--runtime-dir", runtime]);
    }

    /// <summary>Starts any program (e.g. the real keepalived, for interop) in <paramref name="node"/>'s namespace; stdout and stderr are both collected.</summary>
    public static VigilProcess StartProgram(LabNode node, params string[] command) => StartProgram(node, new Dictionary<string, string>(), null, command);

    private static VigilProcess StartProgram(LabNode node, IReadOnlyDictionary<string, string> environment, string? runtimeDirectory, string[] command)
    {
        var start = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (string argument in (string[])["netns", "exec", node.Namespace, .. command])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start vigil");
        var vigil = new VigilProcess(process, runtimeDirectory);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (vigil._stderr)
            {
                vigil._stderr.AppendLine(e.Data);
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            lock (vigil._stderr)
            {
                vigil._stderr.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return vigil;
    }

    /// <summary>SIGKILL: a crash, nothing is cleaned up.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, as systemd stops the daemon.</summary>
    public void Terminate() => HostCommand.Must("kill", "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>SIGHUP, as `systemctl reload` (ExecReload=kill -HUP $MAINPID) asks for a reload.</summary>
    public void Hangup() => HostCommand.Must("kill", "-HUP", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The exit status, or null if it has not exited within <paramref name="timeout"/>.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return null;
        }

        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        if (RuntimeDirectory is not null && Directory.Exists(RuntimeDirectory))
        {
            Directory.Delete(RuntimeDirectory, recursive: true);
        }
    }

    /// <summary>src/Vigil's build output for the configuration this test assembly was built in.</summary>
    internal static string VigilDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = here.Name;
        string configuration = here.Parent!.Name;
        DirectoryInfo? root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Vigil.sln")))
        {
            root = root.Parent;
        }

        string path = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Vigil.sln not found above " + here.FullName),
            "src", "Vigil", "bin", configuration, framework, "vigil.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("build src/Vigil first", path);
    }
}
