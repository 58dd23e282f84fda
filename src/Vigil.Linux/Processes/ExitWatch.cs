namespace Vigil.Linux.Processes;

/// <summary>What <see cref="ProcessExitWatcher.Watch"/> did with a PID.</summary>
public enum ExitWatch
{
    /// <summary>Its exit will be reported.</summary>
    Watching,

    /// <summary>It was watched already (its exit is reported once).</summary>
    AlreadyWatching,

    /// <summary>It is gone (exited, or the PID now names another process): the caller counts it as exited.</summary>
    Gone,

    /// <summary>The bound on watched processes (or a descriptor limit) is reached: only the /proc poll or the proc connector sees this one's exit.</summary>
    Full,

    /// <summary>This kernel or libc has no pidfd_open (Linux &lt; 5.3, glibc &lt; 2.36).</summary>
    Unsupported,
}
