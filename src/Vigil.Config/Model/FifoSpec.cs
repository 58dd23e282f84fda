namespace Vigil.Config.Model;

/// <summary><c>notify_fifo FIFO [user [group]]</c> / <c>vrrp_notify_fifo</c>: a FIFO receiving ordered state lines like <c>INSTANCE "VI_1" MASTER 100</c>.</summary>
public sealed record FifoSpec(string Path, ScriptUser? Owner, SourceRef Location);
