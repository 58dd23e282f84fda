namespace Vigil.Linux.Tests.Netns;

/// <summary>A test's temp directory for the scripts and configs `vigil run` reads, and the files its scripts write.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class ScriptDirectory
{
    /// <summary>A root-owned temp directory readable by all (scripts and configs in it pass keepalived's script security walk).</summary>
    public static string Create(string prefix)
    {
        string path = Directory.CreateTempSubdirectory(prefix).FullName;
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED); // 0755
        return path;
    }

    /// <summary>An executable /bin/sh script (0755) named <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static string WriteScript(string directory, string name, string body)
    {
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, (UnixFileMode)0x1ED); // 0755
        return path;
    }

    /// <summary>The lines a script has written so far (none before the file exists).</summary>
    public static string[] Lines(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];
}
