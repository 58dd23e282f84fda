using System.CommandLine;

namespace Vigil.Cli;

/// <summary>
/// keepalived 2.2.7's command line with no subcommand (<c>vigil --dont-fork -D -f FILE</c>, as a keepalived
/// unit's <c>keepalived --dont-fork $DAEMON_ARGS</c> reads with vigil substituted). Parsed as getopt_long does
/// (bundled short options, attached or separate values, <c>--name=value</c>) and translated into
/// <c>vigil run</c>; every keepalived option is either applied, accepted because it is what Vigil always does,
/// or refused with the reason (never silently dropped). Vigil's own <c>vigil run</c> long options pass through.
/// </summary>
internal static class KeepalivedCommandLine
{
    /// <summary>What the command line asks for.</summary>
    internal abstract record Outcome;

    /// <summary>Run the daemon: the arguments for <c>vigil run</c>.</summary>
    internal sealed record Run(string[] RunArguments) : Outcome;

    /// <summary>Print <paramref name="Text"/> (stdout when <paramref name="Exit"/> is 0, else stderr) and exit.</summary>
    internal sealed record Print(string Text, int Exit) : Outcome;

    /// <summary>Leave it to the root command (<c>-t</c> config test, <c>--help</c>).</summary>
    internal sealed record Root : Outcome;

    private enum Arg
    {
        None,
        Required,
        Optional, // only attached: -tFILE, --config-test=FILE
    }

    private sealed record Spec(char? Short, string Long, Arg Arg, Func<string?, Step> Apply);

    /// <summary>One option's effect: arguments for <c>vigil run</c>, or an outcome that ends parsing.</summary>
    private sealed record Step(string[] RunArguments, Outcome? End = null);

    private static readonly Step s_nothing = new([]);

    private static Step Pass(params string[] arguments) => new(arguments);

    private static Step Refuse(string option, string why) => new([], new Print($"vigil: {option} is not supported: {why}", 1));

    private static Step Checker(string option) => LvsSupport.CheckerRefusal(option) is string refusal ? new([], new Print(refusal, 1)) : s_nothing;

    private static readonly Spec[] s_options =
    [
        new('f', "use-file", Arg.Required, v => Pass("--use-file", v!)),
        new('P', "vrrp", Arg.None, _ => s_nothing), // Vigil is the VRRP subsystem only
        new('C', "check", Arg.None, _ => Checker("-C/--check")),
        new('c', "checkers_pid", Arg.Required, _ => Checker("-c/--checkers_pid")),
        new('I', "dont-release-ipvs", Arg.None, _ => s_nothing), // Vigil never creates IPVS topology, so none is released
        new('B', "no_bfd", Arg.None, _ => s_nothing), // Vigil has no BFD subsystem
        new(null, "all", Arg.None, _ => s_nothing), // one process runs everything Vigil does
        new('l', "log-console", Arg.None, _ => Pass("--log-console")),
        new('D', "log-detail", Arg.None, _ => Pass("--log-detail")),
        new('S', "log-facility", Arg.Required, v => Pass("--log-facility", v!)),
        new('g', "log-file", Arg.Optional, v => Pass("--log-file", v ?? "/tmp/keepalived.log")),
        new('G', "no-syslog", Arg.None, _ => s_nothing), // Vigil logs to syslog only when -S asks
        new('u', "umask", Arg.Required, v => Pass("--umask", v!)),
        new('X', "release-vips", Arg.None, _ => Refuse("-X/--release-vips", "VIPs are released on leaving MASTER however the transition comes")),
        new('V', "dont-release-vrrp", Arg.None, _ => Refuse("-V/--dont-release-vrrp", "Vigil always sends priority 0 and removes its VIPs on stop")),
        new('R', "dont-respawn", Arg.None, _ => s_nothing), // Vigil has no child processes to respawn
        new('n', "dont-fork", Arg.None, _ => s_nothing), // Vigil always runs in the foreground
        new('d', "dump-conf", Arg.None, _ => Refuse("-d/--dump-conf", "use 'vigil check --dump FILE' to see the effective configuration")),
        new('p', "pid", Arg.Required, v => Pass("--pid", v!)),
        new('r', "vrrp_pid", Arg.Required, _ => Refuse("-r/--vrrp_pid", "Vigil runs as one process; use -p/--pid")),
        new('T', "genhash", Arg.None, _ => Refuse("-T/--genhash", "genhash belongs to the LVS health checker")),
        new('a', "address-monitoring", Arg.None, _ => Refuse("-a/--address-monitoring", "Vigil does not log every netlink address change")),
        new('b', "bfd_pid", Arg.Required, _ => Refuse("-b/--bfd_pid", "Vigil has no BFD subsystem")),
        new('x', "snmp", Arg.None, _ => Refuse("-x/--snmp", "SNMP is not implemented; use 'vigil run --metrics-listen' (Prometheus) or 'vigil status --json'")),
        new('A', "snmp-agent-socket", Arg.Required, _ => Refuse("-A/--snmp-agent-socket", "SNMP is not implemented")),
        new('s', "namespace", Arg.Required, _ => Refuse("-s/--namespace", "start vigil inside the namespace instead (ip netns exec NAME vigil ...)")),
        new('m', "core-dump", Arg.None, _ => Refuse("-m/--core-dump", "set LimitCORE= in the systemd unit (or ulimit -c) instead")),
        new('M', "core-dump-pattern", Arg.Optional, _ => Refuse("-M/--core-dump-pattern", "set kernel.core_pattern with sysctl instead")),
        new('e', "all-config", Arg.None, _ => Refuse("-e/--all-config", "write 'includet' for includes that must exist")),
        new('i', "config-id", Arg.Required, v => Pass("--config-id", v!)),
        new(null, "signum", Arg.Required, v => new Step([], Signum(v!))),
        new('t', "config-test", Arg.Optional, _ => new Step([], new Root())),
        new('v', "version", Arg.None, _ => new Step([], new Print(VersionCommand.Text + " (keepalived 2.2.7 compatible, VRRP only)", 0))),
        new('h', "help", Arg.None, _ => new Step([], new Root())),
    ];

    /// <summary>
    /// keepalived's --signum names for the signals <c>vigil run</c> handles, with keepalived's numbers
    /// (so <c>kill -s $(vigil --signum=JSON)</c> works). STATS_CLEAR is refused: Vigil does not handle
    /// keepalived's signal 63 and its default action would end the daemon.
    /// </summary>
    private static readonly Dictionary<string, int> s_signals = new(StringComparer.Ordinal)
    {
        ["STOP"] = 15,
        ["RELOAD"] = 1,
        ["DATA"] = 10,
        ["STATS"] = 12,
        ["JSON"] = 36,
    };

    private static Outcome Signum(string name) =>
        s_signals.TryGetValue(name, out int number) ? new Print(number.ToString(System.Globalization.CultureInfo.InvariantCulture), 0)
        : name == "STATS_CLEAR" ? new Print("vigil: --signum=STATS_CLEAR is not supported: Vigil does not clear statistics on a signal", 1)
        : new Print($"Unknown sigfunc {name}", 1);

    /// <summary>True when <paramref name="args"/> is a keepalived-style command line (it starts with an option).</summary>
    public static bool Applies(string[] args) => args.Length > 0 && args[0].StartsWith('-') && args[0] != "-";

    /// <summary>Parses keepalived's options; <paramref name="run"/> supplies Vigil's own <c>vigil run</c> long options.</summary>
    public static Outcome Parse(string[] args, Command run)
    {
        var runArguments = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            Step? step;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                step = ParseLong(args, ref i, run, out string? error);
                if (error is not null)
                    return new Print(error, 1);
            }
            else if (arg.StartsWith('-') && arg.Length > 1)
            {
                if (ParseShortBundle(args, ref i, runArguments) is Outcome end)
                    return end;
                continue;
            }
            else
            {
                return new Print($"vigil: unexpected argument '{arg}' (keepalived takes none; did you mean 'vigil check {arg}' or '-f {arg}'?)", 1);
            }

            if (step!.End is not null)
                return step.End;
            runArguments.AddRange(step.RunArguments);
        }

        return new Run([.. runArguments]);
    }

    private static Step? ParseLong(string[] args, ref int i, Command run, out string? error)
    {
        error = null;
        string body = args[i][2..];
        int equals = body.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? body : body[..equals];
        string? attached = equals < 0 ? null : body[(equals + 1)..];
        Spec? spec = s_options.FirstOrDefault(s => s.Long == name);
        if (spec is null)
        {
            // getopt_long also accepts an unambiguous prefix (--use → --use-file).
            Spec[] prefixed = [.. s_options.Where(s => s.Long.StartsWith(name, StringComparison.Ordinal))];
            spec = prefixed.Length == 1 ? prefixed[0] : null;
        }

        if (spec is null)
        {
            return PassVigilOption(args, ref i, run, name, attached, out error);
        }

        string? value = attached;
        switch (spec.Arg)
        {
            case Arg.None when attached is not null:
                error = $"vigil: option '--{spec.Long}' doesn't allow an argument";
                return null;
            case Arg.Required when attached is null:
                if (i + 1 >= args.Length)
                {
                    error = $"vigil: option '--{spec.Long}' requires an argument";
                    return null;
                }

                value = args[++i];
                break;
        }

        return spec.Apply(value);
    }

    /// <summary>A <c>vigil run</c> option keepalived does not have (--metrics-listen, --runtime-dir, …) passes through.</summary>
    private static Step? PassVigilOption(string[] args, ref int i, Command run, string name, string? attached, out string? error)
    {
        error = null;
        Option? option = run.Options.FirstOrDefault(o => o.Name == "--" + name || o.Aliases.Contains("--" + name));
        if (option is null)
        {
            error = $"vigil: unrecognized option '--{name}' (see 'vigil --help' and 'vigil run --help')";
            return null;
        }

        if (option.Arity.MaximumNumberOfValues == 0 || attached is not null)
            return Pass(attached is null ? [option.Name] : [option.Name, attached]);
        if (i + 1 >= args.Length)
        {
            error = $"vigil: option '--{name}' requires an argument";
            return null;
        }

        return Pass(option.Name, args[++i]);
    }

    /// <summary>-nDP, -fFILE, -f FILE: getopt's bundling; the first option taking a value ends the bundle.</summary>
    private static Outcome? ParseShortBundle(string[] args, ref int i, List<string> runArguments)
    {
        string bundle = args[i];
        for (int at = 1; at < bundle.Length; at++)
        {
            char letter = bundle[at];
            Spec? spec = s_options.FirstOrDefault(s => s.Short == letter);
            if (spec is null)
                return new Print($"vigil: invalid option -- '{letter}' (see 'vigil --help')", 1);

            string? value = null;
            string rest = bundle[(at + 1)..];
            if (spec.Arg == Arg.Optional)
            {
                value = rest.Length > 0 ? rest : null;
                at = bundle.Length;
            }
            else if (spec.Arg == Arg.Required)
            {
                if (rest.Length > 0)
                {
                    value = rest;
                }
                else if (i + 1 < args.Length)
                {
                    value = args[++i];
                }
                else
                {
                    return new Print($"vigil: option requires an argument -- '{letter}'", 1);
                }

                at = bundle.Length;
            }

            Step step = spec.Apply(value);
            if (step.End is not null)
                return step.End;
            runArguments.AddRange(step.RunArguments);
        }

        return null;
    }
}
