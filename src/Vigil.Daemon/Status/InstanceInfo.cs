using System.Globalization;
using System.Net.Sockets;
using Vigil.Config.Model;
using Vigil.Core.StateMachine;
using Vigil.Daemon.Hosting;

namespace Vigil.Daemon.Status;

/// <summary>
/// The configured facts about one instance that status, dumps and metrics show next to its live
/// state. Built once from the configuration; it never holds a secret: the authentication type is
/// kept, the password (auth_pass) is not (keepalived's own JSON dump writes auth_data; Vigil does not).
/// </summary>
public sealed record InstanceInfo
{
    public required string Interface { get; init; }

    public string? SourceAddress { get; init; }

    /// <summary>VIPs in keepalived's dump form: <c>ADDR[/PREFIX] dev IF scope S [label L]</c>.</summary>
    public IReadOnlyList<string> Vips { get; init; } = [];

    public IReadOnlyList<string> ExcludedVips { get; init; } = [];

    public IReadOnlyList<string> UnicastPeers { get; init; } = [];

    public IReadOnlyList<string> TrackInterfaces { get; init; } = [];

    public IReadOnlyList<string> TrackScripts { get; init; } = [];

    public IReadOnlyList<string> TrackProcesses { get; init; } = [];

    public IReadOnlyList<string> TrackFiles { get; init; } = [];

    /// <summary>"none", "PASS" or "AH" (the type only: the password is never kept here).</summary>
    public string AuthType { get; init; } = "none";

    public bool Nopreempt { get; init; }

    public double PreemptDelaySeconds { get; init; }

    public bool Accept { get; init; } = true;

    public bool PromoteSecondaries { get; init; }

    public bool DontTrackPrimary { get; init; }

    public bool SkipCheckAdvertAddresses { get; init; }

    public bool Strict { get; init; }

    public bool SmtpAlert { get; init; }

    public double GarpDelaySeconds { get; init; } = 5;

    public int GarpRepeat { get; init; } = 5;

    public double GarpRefreshSeconds { get; init; }

    public int GarpRefreshRepeat { get; init; } = 1;

    public double GarpLowerPriorityDelaySeconds { get; init; } = 5;

    public int GarpLowerPriorityRepeat { get; init; } = 5;

    public bool LowerPriorityNoAdvert { get; init; }

    public bool HigherPrioritySendAdvert { get; init; }

    /// <summary>What is known without the configuration (tests and hand-wired loops).</summary>
    public static InstanceInfo FromOptions(VirtualRouterOptions options) => new()
    {
        Interface = "",
        SourceAddress = options.PrimaryAddress.ToString(),
        Nopreempt = !options.Preempt,
        PreemptDelaySeconds = options.PreemptDelay.TotalSeconds,
        GarpDelaySeconds = options.GarpMasterDelay.TotalSeconds,
        GarpRepeat = options.GarpMasterRepeat,
        GarpRefreshSeconds = options.GarpMasterRefresh.TotalSeconds,
        GarpRefreshRepeat = options.GarpMasterRefreshRepeat,
        GarpLowerPriorityRepeat = options.GarpLowerPriorityRepeat,
        LowerPriorityNoAdvert = options.LowerPriorityNoAdvert,
        HigherPrioritySendAdvert = options.HigherPrioritySendAdvert,
    };

    /// <param name="vmacName">the instance's VMAC (use_vmac), where its VIPs without 'dev' live; null without one.</param>
    /// <param name="addressVmacs">the VMAC of each address that has one of its own (use_vmac_addr, an address's use_vmac).</param>
    public static InstanceInfo FromConfig(VrrpInstance instance, string interfaceName, string sourceAddress, string? vmacName = null, IReadOnlyDictionary<AddressEntry, string>? addressVmacs = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return new()
        {
            Interface = interfaceName,
            SourceAddress = sourceAddress,
            Vips = Texts(instance.VirtualIpAddresses, a => FormatAddressOn(a, VipDevice(instance, a, interfaceName, vmacName, addressVmacs))),
            ExcludedVips = Texts(instance.VirtualIpAddressesExcluded, a => FormatAddressOn(a, VipDevice(instance, a, interfaceName, vmacName, addressVmacs))),
            UnicastPeers = Texts(instance.UnicastPeers, p => p.Address.ToString()),
            TrackInterfaces = Texts(instance.TrackInterfaces, t => t.Name),
            TrackScripts = Texts(instance.TrackScripts, t => t.Name),
            TrackProcesses = Texts(instance.TrackProcesses, t => t.Name),
            TrackFiles = Texts(instance.TrackFiles, t => t.Name),
            AuthType = instance.Authentication?.Type switch
            {
                Config.Model.AuthType.Pass => "PASS",
                Config.Model.AuthType.Ah => "AH",
                _ => "none",
            },
            Nopreempt = !instance.Preempt,
            PreemptDelaySeconds = instance.PreemptDelay.TotalSeconds,
            Accept = instance.Accept,
            PromoteSecondaries = instance.PromoteSecondaries,
            DontTrackPrimary = instance.DontTrackPrimary,
            SkipCheckAdvertAddresses = instance.SkipCheckAdvertAddresses,
            Strict = instance.Strict,
            SmtpAlert = instance.SmtpAlert,
            GarpDelaySeconds = instance.Garp.MasterDelay.TotalSeconds,
            GarpRepeat = instance.Garp.MasterRepeat,
            GarpRefreshSeconds = instance.Garp.MasterRefresh.TotalSeconds,
            GarpRefreshRepeat = instance.Garp.MasterRefreshRepeat,
            GarpLowerPriorityDelaySeconds = instance.Garp.LowerPriorityDelay.TotalSeconds,
            GarpLowerPriorityRepeat = instance.Garp.LowerPriorityRepeat,
            LowerPriorityNoAdvert = instance.LowerPriorityNoAdvert,
            HigherPrioritySendAdvert = instance.HigherPrioritySendAdvert,
        };
    }

    /// <summary>
    /// One text per item, in a plain array (the shared empty one when there is none): an instance keeps seven of these
    /// lists for its life, mostly empty, and a collection expression over Select made each a list plus a wrapper.
    /// </summary>
    private static string[] Texts<T>(Config.Model.ValueArray<T> items, Func<T, string> text)
    {
        if (items.IsEmpty)
        {
            return [];
        }

        var texts = new string[items.Count];
        for (int i = 0; i < texts.Length; i++)
        {
            texts[i] = text(items[i]);
        }

        return texts;
    }

    /// <summary>
    /// The device a VIP lives on, by the rule the daemon places it with (<see cref="VipHome"/>); one with a VMAC of its
    /// own is on that. Status compares this name with the kernel's addresses, so it must be where the VIP really is.
    /// </summary>
    private static string VipDevice(VrrpInstance instance, AddressEntry entry, string interfaceName, string? vmacName, IReadOnlyDictionary<AddressEntry, string>? addressVmacs) =>
        addressVmacs is not null && addressVmacs.TryGetValue(entry, out string? own) ? own
        : VipHome.Of(instance, entry, interfaceName, vmacName ?? interfaceName, device => device);

    /// <summary>
    /// keepalived's dump form of an address (format_ipaddress): the prefix only when it is not a host
    /// prefix, then device and scope, the label, the peer and the options, each if any.
    /// </summary>
    public static string FormatAddress(AddressEntry entry, string defaultInterface)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return FormatAddressOn(entry, entry.Device ?? defaultInterface);
    }

    /// <summary>The same on <paramref name="device"/>, wherever the line's 'dev' pointed (a VIP placed on a VMAC).</summary>
    private static string FormatAddressOn(AddressEntry entry, string device)
    {
        int hostPrefix = entry.Address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        string prefix = entry.PrefixLength == hostPrefix ? "" : "/" + entry.PrefixLength.ToString(CultureInfo.InvariantCulture);
        string label = entry.Label is null ? "" : " label " + entry.Label;
        string peer = entry.Peer is null ? "" : $" peer {entry.Peer}/{entry.PrefixLength}";
        string flags = (entry.Home ? " home" : "") + (entry.NoDad ? " -nodad" : "") + (entry.ManageTemporaryAddress ? " mngtmpaddr" : "")
            + (entry.NoPrefixRoute ? " noprefixroute" : "") + (entry.AutoJoin ? " autojoin" : "") + (entry.NoTrack ? " no_track" : "");
        return $"{entry.Address}{prefix} dev {device} scope {entry.Scope ?? "global"}{label}{peer}{flags}";
    }
}
