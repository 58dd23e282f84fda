namespace Vigil.Config.Binding;

/// <summary>
/// The LVS/checker side of keepalived.conf(5) ("LVS CONFIGURATION", "BFD CONFIGURATION"). Vigil does not
/// run it; these lists only let a misplaced LVS keyword be named correctly.
/// </summary>
internal static class LvsKeywords
{
    /// <summary>Top-level LVS blocks: each one gets a single "not supported yet" warning.</summary>
    public static readonly string[] TopLevelBlocks = ["virtual_server", "virtual_server_group"];

    public static readonly (string Block, string[] Keywords)[] Blocks =
    [
        ("virtual_server",
        [
            "real_server", "lvs_sched", "lb_algo", "lvs_method", "lb_kind", "persistence_engine", "persistence_timeout",
            "persistence_granularity", "protocol", "ha_suspend", "virtualhost", "alpha", "omega", "quorum", "hysteresis",
            "quorum_up", "quorum_down", "ip_family", "sorry_server", "sorry_server_inhibit", "sorry_server_lvs_method",
            "connect_timeout", "retry", "delay_before_retry", "warmup", "delay_loop", "inhibit_on_failure", "smtp_alert",
            "snmp_name", "ops", "flag-1", "flag-2", "flag-3", "sh-port", "sh-fallback", "mh-port", "mh-fallback",
        ]),
        ("real_server",
        [
            "weight", "lvs_method", "notify_up", "notify_down", "uthreshold", "lthreshold", "connect_timeout", "retry",
            "delay_before_retry", "warmup", "delay_loop", "inhibit_on_failure", "smtp_alert", "virtualhost", "alpha",
            "HTTP_GET", "SSL_GET", "TCP_CHECK", "SMTP_CHECK", "DNS_CHECK", "MISC_CHECK", "BFD_CHECK", "UDP_CHECK",
            "PING_CHECK", "FILE_CHECK",
        ]),
        ("HTTP_GET",
        [
            "url", "path", "digest", "status_code", "regex", "regex_no_match", "regex_options", "regex_stack",
            "regex_min_offset", "regex_max_offset", "http_protocol", "fast_recovery", "enable_sni", "connect_ip",
            "connect_port", "bindto", "bind_if", "bind_port", "fwmark", "connect_timeout", "retry", "delay_before_retry",
            "warmup", "delay_loop", "log_all_failures", "virtualhost",
        ]),
        ("MISC_CHECK", ["misc_path", "misc_timeout", "misc_dynamic", "user", "warmup", "delay_loop", "retry", "log_all_failures"]),
        ("SMTP_CHECK", ["helo_name", "connect_ip", "connect_port", "bindto", "connect_timeout", "retry", "delay_before_retry"]),
        ("DNS_CHECK", ["type", "name", "connect_ip", "connect_port", "bindto", "connect_timeout", "retry"]),
        ("UDP_CHECK", ["payload", "require_reply", "min_reply_length", "max_reply_length", "connect_ip", "connect_port"]),
        ("FILE_CHECK", ["track_file", "dynamic", "weight"]),
        ("SSL", ["password", "ca", "certificate", "key"]),
        ("bfd_instance", ["neighbor_ip", "source_ip", "min_rx", "min_tx", "idle_tx", "multiplier", "passive", "ttl", "hoplimit", "max_hops", "weight", "vrrp", "checker"]),
        ("garp_group", ["garp_interval", "gna_interval", "interface", "interfaces"]),
    ];

    /// <summary>LVS keywords that appear at the top level (besides the blocks) and are ignored with a warning.</summary>
    public static readonly string[] TopLevelOther = ["SSL", "bfd_instance", "garp_group"];
}
