using Vigil.Linux;

namespace Vigil.Daemon.Linux;

/// <summary>
/// The readers' question when the kernel removes an address or route: was its link already down or gone? The kernel
/// announced that on the link monitor's socket, which may be read later (keepalived reads all on one socket).
/// </summary>
public static class LinkQuestion
{
    /// <summary>
    /// True when <paramref name="isLinkUp"/> says the link is down or gone. A failed question reads as up: the removal is
    /// then taken as someone else's, as before the question was asked.
    /// </summary>
    public static bool IsDownOrGone(Func<int, bool> isLinkUp, int index)
    {
        try
        {
            return !isLinkUp(index);
        }
        catch (SyscallException)
        {
            return false;
        }
    }
}
