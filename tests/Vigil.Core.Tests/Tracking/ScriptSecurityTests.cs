using Vigil.Core.Tracking;

namespace Vigil.Core.Tests.Tracking;

/// <summary>keepalived check_security() cases (reliability-rules §1.5, observed with keepalived 2.2.7 -t).</summary>
public class ScriptSecurityTests
{
    private static PathEntry Dir(string path, int mode = 0x1ED, int uid = 0, int gid = 0) => new(path, uid, gid, mode, PathEntryType.Directory);

    private static PathEntry File(string path, int mode = 0x1ED, int uid = 0, int gid = 0) => new(path, uid, gid, mode, PathEntryType.RegularFile);

    private static string? Check(params PathEntry[] entries) => ScriptSecurity.Check("/etc/vg/chk", entries);

    [Fact]
    public void Check_RootOwned0755InRootDirectories_IsSafe()
    {
        Assert.Null(Check(Dir("/"), Dir("/etc"), Dir("/etc/vg"), File("/etc/vg/chk")));
    }

    [Fact]
    public void Check_WorldWritableScript_IsRefusedNamingIt()
    {
        Assert.Equal("script '/etc/vg/chk' is insecure: /etc/vg/chk is writable by everyone", Check(Dir("/"), File("/etc/vg/chk", 0x1FF)));
    }

    [Fact]
    public void Check_GroupWritableWithNonRootGroup_IsRefused()
    {
        Assert.Contains("writable by group 65534", Check(Dir("/"), File("/etc/vg/chk", 0x1FD, gid: 65534)));
    }

    [Fact]
    public void Check_GroupWritableWithRootGroup_IsSafe()
    {
        Assert.Null(Check(Dir("/"), File("/etc/vg/chk", 0x1FD)));
    }

    [Fact]
    public void Check_OwnedByNobody_IsRefused()
    {
        Assert.Contains("owned by uid 65534", Check(Dir("/"), File("/etc/vg/chk", uid: 65534)));
    }

    [Fact]
    public void Check_ScriptIn0777Directory_IsRefused()
    {
        Assert.Contains("/etc/vg is writable by everyone", Check(Dir("/"), Dir("/etc/vg", 0x1FF), File("/etc/vg/chk")));
    }

    [Fact]
    public void Check_StickyWorldWritableDirectory_IsSafe()
    {
        Assert.Null(Check(Dir("/"), Dir("/tmp", 0x3FF), File("/tmp/chk")));
    }

    [Fact]
    public void Components_AbsolutePath_IsEveryPrefixFromRoot()
    {
        Assert.Equal(["/", "/usr", "/usr/bin", "/usr/bin/x"], ScriptSecurity.Components("/usr/bin//x"));
    }
}
