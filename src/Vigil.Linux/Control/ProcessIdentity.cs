namespace Vigil.Linux.Control;

/// <summary>The daemon's own effective user id (owner check of the runtime directory; who counts as "the daemon" on the control socket).</summary>
public static class ProcessIdentity
{
    public static uint EffectiveUserId => Interop.Libc.geteuid();
}
