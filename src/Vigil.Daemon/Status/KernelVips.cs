using System.Net;

namespace Vigil.Daemon.Status;

/// <summary>
/// Marks in a snapshot which VIPs the kernel really holds (read with an rtnetlink address dump by the daemon,
/// in its own network namespace), so <c>vigil status</c> shows the VIPs as they are, not as the daemon believes.
/// </summary>
public static class KernelVips
{
    /// <param name="present">(interface index, address) of every address the kernel has.</param>
    /// <param name="interfaceIndex">index of an interface name; 0 when there is none.</param>
    public static DaemonStatus Annotate(DaemonStatus status, IEnumerable<(int InterfaceIndex, IPAddress Address)> present, Func<string, int> interfaceIndex)
    {
        ArgumentNullException.ThrowIfNull(status);
        HashSet<(int, IPAddress)> held = [.. present];
        return status with
        {
            Instances = [.. status.Instances.Select(i => i with { KernelVips = [.. i.Config.Vips.Where(v => Held(v, i.Config.Interface))] })],
        };

        // "ADDR[/PREFIX] dev IF scope S …"
        bool Held(string vip, string defaultInterface)
        {
            string[] words = vip.Split(' ');
            return IPAddress.TryParse(words[0].Split('/')[0], out IPAddress? address)
                && held.Contains((interfaceIndex(words.Length > 2 ? words[2] : defaultInterface), address));
        }
    }
}
