using System.Buffers.Binary;

namespace Vigil.Linux.Processes;

/// <summary>
/// Parses the body of one NETLINK_CONNECTOR message carrying a process event: struct cn_msg
/// (idx, val, seq, ack, len, flags: 20 bytes) then struct proc_event (what, cpu, timestamp_ns:
/// 16 bytes, then the event's own fields). Every length is checked; messages of another connector
/// (idx/val other than CN_IDX_PROC/CN_VAL_PROC), thread events and kinds we do not use are skipped.
/// </summary>
public static class ProcEventParser
{
    public const uint CnIdxProc = 1;
    public const uint CnValProc = 1;
    private const int CnMsgSize = 20;
    private const int ProcEventHeaderSize = 16;
    private const uint ProcEventFork = 0x00000001;
    private const uint ProcEventExec = 0x00000002;
    private const uint ProcEventComm = 0x00000200;
    private const uint ProcEventExit = 0x80000000;

    /// <summary>True with the event when <paramref name="body"/> is a process event we use.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, out ProcEvent processEvent)
    {
        processEvent = default;
        if (body.Length < CnMsgSize + ProcEventHeaderSize)
        {
            return false;
        }

        uint idx = BinaryPrimitives.ReadUInt32LittleEndian(body);
        uint val = BinaryPrimitives.ReadUInt32LittleEndian(body[4..]);
        ushort length = BinaryPrimitives.ReadUInt16LittleEndian(body[16..]);
        if (idx != CnIdxProc || val != CnValProc || length > body.Length - CnMsgSize || length < ProcEventHeaderSize)
        {
            return false;
        }

        ReadOnlySpan<byte> data = body.Slice(CnMsgSize, length);
        uint what = BinaryPrimitives.ReadUInt32LittleEndian(data);
        ReadOnlySpan<byte> fields = data[ProcEventHeaderSize..];
        switch (what)
        {
            case ProcEventFork when fields.Length >= 16:
                // parent_pid, parent_tgid, child_pid, child_tgid: a thread has child_pid != child_tgid.
                return Process(ProcEventKind.Fork, fields[8..], out processEvent);
            case ProcEventExec when fields.Length >= 8:
                return Process(ProcEventKind.Exec, fields, out processEvent);
            case ProcEventComm when fields.Length >= 8:
                return Process(ProcEventKind.Comm, fields, out processEvent);
            case ProcEventExit when fields.Length >= 8:
                return Process(ProcEventKind.Exit, fields, out processEvent);
            default:
                return false;
        }
    }

    /// <summary>(pid, tgid): only whole processes (pid == tgid) count; a thread's events are skipped.</summary>
    private static bool Process(ProcEventKind kind, ReadOnlySpan<byte> ids, out ProcEvent processEvent)
    {
        int pid = BinaryPrimitives.ReadInt32LittleEndian(ids);
        int tgid = BinaryPrimitives.ReadInt32LittleEndian(ids[4..]);
        processEvent = new ProcEvent(kind, tgid);
        return pid == tgid && tgid > 0;
    }
}
