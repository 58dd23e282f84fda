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
