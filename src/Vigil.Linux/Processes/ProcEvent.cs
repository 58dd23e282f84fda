namespace Vigil.Linux.Processes;

/// <summary>What happened to a process, from the kernel's process events connector (linux/cn_proc.h).</summary>
public enum ProcEventKind
{
    /// <summary>A new process (not a thread): <see cref="ProcEvent.Pid"/> is the child.</summary>
    Fork,

    /// <summary>The process ran execve(): its comm and command line are new.</summary>
    Exec,

    /// <summary>The process renamed itself (prctl PR_SET_NAME).</summary>
    Comm,

    /// <summary>The process (its thread group) exited.</summary>
    Exit,

    /// <summary>The kernel dropped events (ENOBUFS): rescan /proc.</summary>
    Overrun,
}

/// <summary>One process event; <see cref="Pid"/> is a thread-group id (a process id).</summary>
public readonly record struct ProcEvent(ProcEventKind Kind, int Pid);
