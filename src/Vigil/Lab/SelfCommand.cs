namespace Vigil.Cli.Lab;

/// <summary>
/// The command line that runs this same vigil as a child (`vigil lab` starts `vigil run` in each
/// load balancer's namespace): the NativeAOT binary or apphost itself, else `dotnet vigil.dll`
/// (when vigil runs inside another host, such as the test runner).
/// </summary>
internal static class SelfCommand
{
    public static IReadOnlyList<string> Resolve()
    {
        string? path = Environment.ProcessPath;
        if (path is not null && Path.GetFileName(path) == "vigil")
        {
            return [path];
        }

        string dll = Path.Combine(AppContext.BaseDirectory, "vigil.dll");
        string dotnet = path is not null && Path.GetFileName(path) == "dotnet" ? path : "dotnet";
        return File.Exists(dll)
            ? [dotnet, dll]
            : throw new InvalidOperationException($"cannot find the vigil program to run in the lab (process {path}, no {dll})");
    }
}
