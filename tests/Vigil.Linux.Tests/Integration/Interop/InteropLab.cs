using Vigil.Linux.Tests.Netns;

namespace Vigil.Linux.Tests.Integration.Interop;

/// <summary>
/// The class fixture of an interop test class: one lab segment with two LB namespaces (a: 192.0.2.1, 2001:db8::1;
/// b: 192.0.2.2, 2001:db8::2), created on first use and shared by the class's cases, which run one after another.
/// Each test class gets its own lab id so the two directions run in parallel on separate segments.
/// </summary>
public abstract class InteropLab(string id) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-interop-" + id + "-").FullName;
    private NetnsLab? _lab;
    private LabNode? _a;
    private LabNode? _b;

    /// <summary>The two LB nodes; the first call builds the lab.</summary>
    internal (LabNode A, LabNode B) Nodes()
    {
        if (_lab is null)
        {
            _lab = NetnsLab.Create(id);
            _a = _lab.AddNode("a");
            _b = _lab.AddNode("b");
            foreach ((LabNode node, string host) in new[] { (_a, "1"), (_b, "2") })
            {
                node.AddAddress("192.0.2." + host + "/24");
                node.AddAddress("2001:db8::" + host + "/64");
            }
        }

        return (_a!, _b!);
    }

    /// <summary>A fresh directory for one case's configs and pid files.</summary>
    internal string CaseDirectory(InteropCase row) => Directory.CreateDirectory(Path.Combine(_directory, row.Name)).FullName;

    /// <summary>A hard-killed side leaves its VIP behind (as a crash does); the next case starts without it.</summary>
    internal void RemoveVip(InteropCase row)
    {
        (LabNode a, LabNode b) = Nodes();
        foreach (LabNode node in new[] { a, b })
        {
            HostCommand.Run("ip", "-n", node.Namespace, "addr", "del", row.Vip + (row.IPv6 ? "/64" : "/24"), "dev", node.Interface);
        }
    }

    public void Dispose()
    {
        _lab?.Dispose();
        Directory.Delete(_directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}
