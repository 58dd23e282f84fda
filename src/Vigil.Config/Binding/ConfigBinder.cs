using Vigil.Config.Diagnostics;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Binding;

/// <summary>
/// Turns a parsed <see cref="ConfigDocument"/> into the typed <see cref="KeepalivedConfig"/>: each block
/// is bound through its keyword table, then keepalived's derivations and the cross-block rules run.
/// Pure: no file system, no clock, no host state (those checks live in the host layer).
/// </summary>
public static class ConfigBinder
{
    public static ConfigBindResult Bind(ConfigDocument document)
    {
        var context = new BindContext();
        var root = new RootBuilder();
        TopLevelKeywords.Table.Bind(root, document.Nodes, context);

        GlobalDefs global = root.Global.Build();
        KeepalivedConfig config = new()
        {
            Global = global,
            Scripts = new(root.Scripts.Select(s => RequireScript(s.Value, context))),
            TrackFiles = new(root.TrackFiles.Select(f => Require(f.Value, f.Value.Path, "file", "file \"/path\"", context))),
            TrackProcesses = new(root.TrackProcesses.Select(p => Require(p.Value, p.Value.Process, "process", "process NAME", context))),
            Instances = new(root.Instances.Select(i => InstanceFinalizer.Finalize(i, global, context))),
            SyncGroups = new(root.SyncGroups.Select(g => RequireGroup(g, context))),
            TrackGroups = new(root.TrackGroups),
            StaticIpAddresses = new(root.StaticIpAddresses),
            StaticRoutes = new(root.StaticRoutes),
            StaticRules = new(root.StaticRules),
            LinkbeatInterfaces = new(root.LinkbeatInterfaces),
            InterfaceUpDownDelays = new(root.InterfaceUpDownDelays),
            GarpGroups = new(root.GarpGroups),
            VirtualServers = new(SslKeywords.Apply(root.VirtualServers.SelectMany(v => VirtualServerGroups.Expand(LvsFamily.Resolve(v.Build(), v.IpFamilyAt, context), root, context)), root.Ssl, context)),
        };

        config = config with { Instances = new(config.Instances.Select((instance, i) => InheritGroupSettings(instance, root.Instances[i], config))) };
        ReferenceRules.Check(config, context);
        config = config with { VirtualServers = FileCheckRules.Resolve(config, context) };
        LvsRules.Check(config, context);
        LvsSyncDaemonKeyword.Check(config, context);
        TrackingWeightRules.Check(config, context);
        SecurityNotes(config, context);

        var diagnostics = new List<Diagnostic>(document.Diagnostics.Count + context.Diagnostics.Count);
        diagnostics.AddRange(document.Diagnostics);
        diagnostics.AddRange(context.Diagnostics);
        return new ConfigBindResult(config, ConsequenceLinker.Link(document, diagnostics, context.UndefinedReferences));
    }

    private static VrrpScript RequireScript(VrrpScript script, BindContext context)
    {
        Require(script, script.Script, "script", "script \"/path/to/check arg…\"", context);

        // keepalived (vrrp_scheduler.c): an unset timeout (0) means "same as the interval".
        return script.Timeout == TimeSpan.Zero ? script with { Timeout = script.Interval } : script;
    }

    private static T Require<T>(T value, string field, string keyword, string example, BindContext context)
        where T : class
    {
        if (string.IsNullOrEmpty(field))
        {
            (string block, string name, SourceRef at) = value switch
            {
                VrrpScript s => ("vrrp_script", s.Name, s.Location),
                TrackFile f => ("track_file", f.Name, f.Location),
                TrackProcess p => ("vrrp_track_process", p.Name, p.Location),
                _ => ("block", "", SourceRef.None),
            };
            context.Error(at.Location, "missing-keyword", $"{block} {name} has no '{keyword}'; keepalived would remove it and run every instance that tracks it untracked",
                $"add '{example}' inside the block");
        }

        return value;
    }

    private static VrrpSyncGroup RequireGroup(SyncGroupBuilder builder, BindContext context)
    {
        if (!builder.GroupSeen)
        {
            context.Error(builder.Value.Location.Location, "missing-keyword", $"vrrp_sync_group {builder.Value.Name} has no 'group {{ }}' block",
                "list the member instances inside 'group { VI_1 VI_2 }'");
        }

        return builder.Value;
    }

    /// <summary>
    /// keepalived (vrrp.c vrrp_complete_instance): an instance's own <c>notify_priority_changes</c> wins,
    /// then its sync group's, then global_defs' (already folded in by <see cref="InstanceFinalizer"/>).
    /// </summary>
    private static VrrpInstance InheritGroupSettings(VrrpInstance instance, InstanceBuilder builder, KeepalivedConfig config)
    {
        if (builder.NotifyPriorityChanges is not null)
        {
            return instance;
        }

        VrrpSyncGroup? group = config.SyncGroups.FirstOrDefault(g => g.Instances.Contains(instance.Name, StringComparer.Ordinal));
        return group?.NotifyPriorityChanges is bool fromGroup ? instance with { NotifyPriorityChanges = fromGroup } : instance;
    }

    /// <summary>
    /// A config with no vrrp_instance and no virtual_server would start "ready" and do nothing: keepalived 2.2.7
    /// runs it (keepalived -t exits 0), typically after an include glob matched no files. Refuse instead.
    /// </summary>
    /// <remarks>
    /// Checked by every command that would run the result (check, -t, run, reload), not by <see cref="Bind"/>, which
    /// also binds fragments.
    /// </remarks>
    public static Diagnostic? NothingToRun(ConfigDocument document, KeepalivedConfig config)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(config);
        if (!config.Instances.IsEmpty || !config.VirtualServers.IsEmpty || document.Diagnostics.Any(d => d.Severity == Severity.Error))
        {
            return null; // a reading error (missing file, bad include) is the cause already reported
        }

        Diagnostic? emptyGlob = document.Diagnostics.FirstOrDefault(d => d.Code == SyntaxCodes.IncludeNoMatch);
        string cause = emptyGlob is not null ? $"; the include here matched no files ({emptyGlob.Message})" : "";
        SourceLocation at = emptyGlob?.Location ?? new SourceLocation(document.MainFile, 1, 1);
        return new Diagnostic(Severity.Error, at, NothingToRunCode, $"this configuration has no vrrp_instance and no virtual_server, so Vigil would run nothing{cause}",
            emptyGlob is not null
                ? "put the instance files where the include pattern looks (or fix the pattern), or check the right file with -f"
                : "add a vrrp_instance block (or check the right file with -f)");
    }

    /// <summary>Diagnostic code of the refusal of a configuration with nothing to run.</summary>
    public const string NothingToRunCode = "nothing-to-run";

    /// <summary>keepalived's "SECURITY VIOLATION - scripts are being executed but script_security not enabled" (keepalived -t exits 6).</summary>
    private static void SecurityNotes(KeepalivedConfig config, BindContext context)
    {
        if (config.Global.EnableScriptSecurity)
        {
            return;
        }

        SourceRef? first = config.Scripts.Select(s => (SourceRef?)s.Location).FirstOrDefault()
            ?? config.Instances.SelectMany(i => i.Notify.All()).Select(s => (SourceRef?)s.Location).FirstOrDefault()
            ?? config.SyncGroups.SelectMany(g => g.Notify.All()).Select(s => (SourceRef?)s.Location).FirstOrDefault();
        if (first is { } at)
        {
            context.Warning(at.Location, ScriptSecurityCode, "scripts are configured but enable_script_security is not set; scripts in writable paths could run as root",
                "add 'enable_script_security' and 'script_user USER' to global_defs, and keep scripts root-owned and not group/world-writable");
        }
    }

    /// <summary>Diagnostic code of the script-security warning; <c>vigil -t</c> maps it to keepalived's exit status 6.</summary>
    public const string ScriptSecurityCode = "script-security";

    /// <summary>A keyword <c>vigil run</c> reads but does not apply (see <see cref="KeywordApplication"/>); <c>vigil -t</c> exits 5.</summary>
    public const string NotAppliedCode = "not-applied";
}
