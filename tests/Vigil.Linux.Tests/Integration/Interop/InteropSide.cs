using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration.Interop;

/// <summary>One end of an interop pair, `vigil run` or the real keepalived, behind the few operations the scenario needs.</summary>
internal sealed class InteropSide : IDisposable
{
    private readonly VigilProcess? _vigil;
    private readonly KeepalivedProcess? _keepalived;

    private InteropSide(string name, VigilProcess? vigil, KeepalivedProcess? keepalived)
    {
        Name = name;
        _vigil = vigil;
        _keepalived = keepalived;
    }

    public string Name { get; }

    /// <summary>The process whose collected output goes into failure messages.</summary>
    public VigilProcess Output => _vigil ?? _keepalived!.Output;

    public string Log => Output.StandardError;

    /// <summary>Vigil logs "VI_1: Initialize -> Backup (…)"; keepalived "(VI_1) Entering BACKUP STATE".</summary>
    public bool EnteredBackup => Log.Contains(_vigil is null ? "Entering BACKUP STATE" : "-> Backup", StringComparison.Ordinal);

    public bool EnteredMaster => Log.Contains(_vigil is null ? "Entering MASTER STATE" : "-> Master", StringComparison.Ordinal);

    /// <summary>Adverts this side rejected: keepalived's complaint lines, or Vigil's per-advert drop lines (logged with -D).</summary>
    public IReadOnlyList<string> Rejections() => _keepalived?.Complaints()
        ?? [.. Log.Split('\n').Where(line => line.Contains(" dropped: ", StringComparison.Ordinal))];

    public static InteropSide Vigil(LabNode node, string config) => new("Vigil", VigilProcess.Start(node, "run", "-D", "-f", config), null);

    public static InteropSide Keepalived(LabNode node, string config, string directory) =>
        new("keepalived", null, KeepalivedProcess.Start(node, config, directory));

    /// <summary>"keepalived" or "vigil" (`vigil run` at its default log level, as an operator runs it) by name, for tests that run one config under each.</summary>
    public static InteropSide Start(string program, LabNode node, string config, string directory) => program == "keepalived"
        ? Keepalived(node, config, directory)
        : new("Vigil", VigilProcess.Start(node, "run", "-f", config), null);

    /// <summary>SIGTERM, as systemd stops it (a master sends priority 0 and removes what it added); Vigil must exit 0.</summary>
    public void Stop()
    {
        if (_keepalived is not null)
        {
            _keepalived.Stop();
            return;
        }

        _vigil!.Terminate();
        Assert.Equal(0, _vigil.WaitForExit(TimeSpan.FromSeconds(15)));
    }

    /// <summary>SIGKILL: a crash without a goodbye advert; the VIP stays on the interface.</summary>
    public void KillHard()
    {
        if (_vigil is not null)
        {
            _vigil.KillHard();
        }
        else
        {
            _keepalived!.KillHard();
        }
    }

    public void Dispose()
    {
        _vigil?.Dispose();
        _keepalived?.Dispose();
    }
}
