namespace Vigil.Daemon.Hosting;

/// <summary>The host cannot run the configuration as written (the message names the instance and its config line).</summary>
public sealed class DaemonSetupException(string message, Exception? inner = null) : Exception(message, inner);
