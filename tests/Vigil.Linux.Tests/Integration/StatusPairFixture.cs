using System.Diagnostics;
using System.Text.Json;
using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration;

/// <summary>
/// One running `vigil run` pair shared by <see cref="StatusNetnsTests"/> (building it costs a few seconds;
/// the tests only read it, apart from dump signals). Node a (192.0.2.1) is master of both instances:
/// VI_1 (VRRPv3, advert_int 0.1, priority 100 + a track_file worth +10) and VI_2 (VRRPv2, auth PASS, so
/// dumps and status can be checked for the password). Node b (192.0.2.2) is backup with priority 90.
/// a serves metrics on 192.0.2.1:9650 inside its namespace, lets group 65534 (nogroup) read its control
/// socket, and writes its JSON dump where global_defs' json_dump_file says.
/// </summary>
public sealed class StatusPairFixture : IDisposable
{
    public const string Password = "s3cr3tpw";
    public const int MetricsPort = 9650;
    public const uint ReaderGroup = 65534;

    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-status-").FullName;
    private readonly NetnsLab? _lab;

    /// <summary>Why the pair could not be built (no root, no `ip`), or null.</summary>
    public string? Unavailable { get; private set; } = NetnsLab.UnavailableReason();

    internal LabNode A { get; private set; } = null!;

    internal LabNode B { get; private set; } = null!;

    internal VigilProcess Master { get; private set; } = null!;

    internal VigilProcess Backup { get; private set; } = null!;

    /// <summary>global_defs json_dump_file of node a.</summary>
    public string JsonDumpFile => Path.Combine(_directory, "a-keepalived.json");

    public StatusPairFixture()
    {
        if (Unavailable is not null)
        {
            return;
        }

        try
        {
            _lab = NetnsLab.Create("stat");
            (A, B) = VrrpSocketNetnsTests.TwoNodes(_lab, "192.0.2.1/24", "192.0.2.2/24");
            string trackFile = Path.Combine(_directory, "a.track");
            File.WriteAllText(trackFile, "5\n");
            string aConf = WriteConfig("a.conf", A, 100, "192.0.2.1", "192.0.2.2", trackFile, JsonDumpFile);
            string bConf = WriteConfig("b.conf", B, 90, "192.0.2.2", "192.0.2.1", trackFile: null, jsonDumpFile: null);
            Master = VigilProcess.Start(A, "run", "-f", aConf, "--metrics-listen", $"192.0.2.1:{MetricsPort}", "--control-group", ReaderGroup.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Backup = VigilProcess.Start(B, "run", "-f", bConf);
            VigilRunNetnsTests.AssertWithin(TimeSpan.FromSeconds(30), () => StateOf(Master, "VI_1") == "MASTER" && StateOf(Master, "VI_2") == "MASTER"
                && StateOf(Backup, "VI_1") == "BACKUP" && StateOf(Backup, "VI_2") == "BACKUP", "a should be master and b backup of both instances", Master, Backup);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>`vigil ARGS…` as the test's own user (root); the CLI reaches the daemon by the socket's path, from any namespace.</summary>
    internal static HostCommandResult Vigil(params string[] arguments) => HostCommand.Run("dotnet", [VigilProcess.VigilDll(), .. arguments]);

    /// <summary>`vigil status --json` of <paramref name="daemon"/>, parsed; throws with the output when it fails.</summary>
    internal static JsonDocument StatusJson(VigilProcess daemon)
    {
        HostCommandResult result = Vigil("status", "--json", "--socket", daemon.SocketPath);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"vigil status exited {result.ExitCode}: {result.StandardError}\n{daemon.StandardError}");
        }

        return JsonDocument.Parse(result.StandardOutput);
    }

    internal static JsonElement Instance(JsonDocument status, string name) =>
        status.RootElement.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("name").GetString() == name);

    public void Dispose()
    {
        Master?.Dispose();
        Backup?.Dispose();
        _lab?.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static string? StateOf(VigilProcess daemon, string instance)
    {
        if (daemon.WaitForExit(TimeSpan.Zero) is not null || !File.Exists(daemon.SocketPath))
        {
            return null;
        }

        HostCommandResult result = Vigil("status", "--json", "--socket", daemon.SocketPath);
        if (result.ExitCode != 0)
        {
            return null;
        }

        using JsonDocument status = JsonDocument.Parse(result.StandardOutput);
        return Instance(status, instance).GetProperty("state").GetString();
    }

    private string WriteConfig(string name, LabNode node, int priority, string self, string peer, string? trackFile, string? jsonDumpFile)
    {
        string global = jsonDumpFile is null ? "" : $"global_defs {{\n    json_dump_file {jsonDumpFile}\n}}\n";
        string track = trackFile is null ? "" : $"track_file tf {{\n    file \"{trackFile}\"\n    weight 2\n}}\n";
        string trackUse = trackFile is null ? "" : "    track_file {\n        tf\n    }";
        string text = $$"""
            {{global}}{{track}}vrrp_instance VI_1 {
                state BACKUP
                interface {{node.Interface}}
                version 3
                virtual_router_id 51
                priority {{priority}}
                advert_int 0.1
                garp_master_delay 0
                unicast_src_ip {{self}}
                unicast_peer {
                    {{peer}}
                }
                virtual_ipaddress {
                    192.0.2.100/24 dev {{node.Interface}}
                }
            {{trackUse}}
            }
            vrrp_instance VI_2 {
                state {{(priority == 100 ? "MASTER" : "BACKUP")}}
                interface {{node.Interface}}
                version 2
                virtual_router_id 52
                priority {{priority}}
                advert_int 1
                garp_master_delay 0
                unicast_src_ip {{self}}
                unicast_peer {
                    {{peer}}
                }
                authentication {
                    auth_type PASS
                    auth_pass {{Password}}
                }
                virtual_ipaddress {
                    192.0.2.101/24 dev {{node.Interface}}
                }
            }

            """;
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Waits (bounded) until <paramref name="path"/> exists.</summary>
    internal static bool WaitForFile(string path, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            if (clock.Elapsed > limit)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }
}
