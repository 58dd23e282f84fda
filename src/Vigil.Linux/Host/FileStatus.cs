namespace Vigil.Linux.Host;

/// <summary>The lstat facts script security needs: owner, group and mode bits (file type included).</summary>
public readonly record struct FileStatus(uint Uid, uint Gid, uint Mode)
{
    private const uint TypeMask = 0xF000;

    public bool IsDirectory => (Mode & TypeMask) == 0x4000;

    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;

    public bool IsSymbolicLink => (Mode & TypeMask) == 0xA000;

    public bool IsFifo => (Mode & TypeMask) == 0x1000;

    public bool IsGroupWritable => (Mode & 0x10) != 0;

    public bool IsWorldWritable => (Mode & 0x2) != 0;

    public bool IsSticky => (Mode & 0x200) != 0;

    public bool IsExecutable => (Mode & 0x49) != 0;
}
