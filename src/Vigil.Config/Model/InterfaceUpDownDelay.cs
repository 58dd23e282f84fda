namespace Vigil.Config.Model;

/// <summary>
/// One entry of <c>interface_up_down_delays { IF DOWN [UP] }</c>: how long a link change must last before
/// tracking reacts (debounce). UP defaults to 0 (keepalived 2.2.7's code; its man page says DOWN).
/// </summary>
public sealed record InterfaceUpDownDelay(string Interface, TimeSpan Down, TimeSpan Up, SourceRef Location);
