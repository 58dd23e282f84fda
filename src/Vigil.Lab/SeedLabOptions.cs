using System.Text.RegularExpressions;
using Vigil.Lab.Seed;

namespace Vigil.Lab;

/// <summary>How to build a <see cref="SeedLab"/>.</summary>
public sealed partial record SeedLabOptions
{
    /// <summary>The interactive lab's prefix; tests use another one so a test never deletes a running demo.</summary>
    public const string InteractivePrefix = "vglab-";

    /// <summary>"vg" + 1–4 of [a-z0-9] + "-": names every namespace and link, and /run/PREFIX holds the machines' files.</summary>
    public string Prefix { get; init; } = InteractivePrefix;

    public LabTiming Timing { get; init; } = LabTiming.Seed;

    /// <summary>Both nodes start as BACKUP with nopreempt (the seed author's intent): a recovered master does not take the VIP back.</summary>
    public bool Nopreempt { get; init; }

    /// <summary>The command that runs this vigil (its path, or dotnet and vigil.dll); `run -f …` is appended.</summary>
    public required IReadOnlyList<string> VigilCommand { get; init; }

    /// <summary>
    /// The LVS variant (the seed's title, "LVS+Keepalived"): lb1 and lb2 are LVS-DR directors (VRRP and virtual_server in one
    /// `vigil run`) in front of app1 and app2, which hold the VIP on lo; no nginx. Needs a kernel with ip_vs.
    /// </summary>
    public bool Lvs { get; init; }

    /// <summary>The client's requests per second (a slow machine, such as an emulated guest, needs fewer to measure outages and not its own overload).</summary>
    public int ClientRate { get; init; } = 250;

    /// <summary>Null: nginx when /usr/sbin/nginx exists, else the built-in responder.</summary>
    public bool? UseNginx { get; init; }

    public static bool IsValidPrefix(string? prefix) => prefix is not null && PrefixPattern().IsMatch(prefix);

    [GeneratedRegex("^vg[a-z0-9]{1,4}-$")]
    private static partial Regex PrefixPattern();
}
