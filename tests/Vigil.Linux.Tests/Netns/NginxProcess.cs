namespace Vigil.Linux.Tests.Netns;

/// <summary>
/// Debian's nginx in a lab namespace, in the foreground (no master, no daemon), on a configuration of
/// server blocks given by the test; files, logs and the pid file live in a temporary directory.
/// </summary>
internal sealed class NginxProcess : IDisposable
{
    public const string Program = "/usr/sbin/nginx";

    private readonly VigilProcess _process;

    private NginxProcess(VigilProcess process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    /// <summary>The prefix directory: <c>www/</c> is the document root of server blocks that use <c>root www;</c>.</summary>
    public string Directory { get; }

    public static bool IsInstalled => File.Exists(Program);

    /// <summary>
    /// Starts nginx with <paramref name="servers"/> (nginx server blocks) inside the http block, <paramref name="files"/>
    /// (name, content) written beside nginx.conf first (relative paths in the configuration resolve there); waits
    /// until it listens on <paramref name="port"/>.
    /// </summary>
    public static NginxProcess Start(LabNode node, string servers, int port, IReadOnlyDictionary<string, string>? files = null)
    {
        string directory = System.IO.Directory.CreateTempSubdirectory("vigil-nginx-").FullName;
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "www"));
        foreach ((string name, string content) in files ?? new Dictionary<string, string>())
        {
            File.WriteAllText(Path.Combine(directory, name), content);
        }

        File.WriteAllText(Path.Combine(directory, "nginx.conf"), $$"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log;
            events { worker_connections 64; }
            http {
                access_log off;
                default_type text/plain;
                {{servers}}
            }
            """);
        VigilProcess process = VigilProcess.StartProgram(node, Program, "-p", directory, "-e", Path.Combine(directory, "error.log"), "-c", Path.Combine(directory, "nginx.conf"));
        var nginx = new NginxProcess(process, directory);
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (node.TryExec("ss", "-Hltn", $"sport = :{port}").StandardOutput.Contains("LISTEN", StringComparison.Ordinal))
            {
                return nginx;
            }

            Thread.Sleep(50);
        }

        string log = File.Exists(Path.Combine(directory, "error.log")) ? File.ReadAllText(Path.Combine(directory, "error.log")) : string.Empty;
        nginx.Dispose();
        throw new TimeoutException($"nginx did not listen on {port} within 5 s: {process.StandardError} {log}");
    }

    /// <summary>Writes a file under the document root.</summary>
    public void Write(string name, string content) => File.WriteAllText(Path.Combine(Directory, "www", name), content);

    public void Delete(string name) => File.Delete(Path.Combine(Directory, "www", name));

    public void Dispose()
    {
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a file still open by an exiting nginx: the temporary directory is left
        }
    }
}
