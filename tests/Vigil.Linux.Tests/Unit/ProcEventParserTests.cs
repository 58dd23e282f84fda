using System.Buffers.Binary;
using Vigil.Linux.Processes;

namespace Vigil.Linux.Tests.Unit;

public sealed class ProcEventParserTests
{
    [Fact]
    public void TryParse_ExitOfAProcess_ReturnsExitWithItsPid()
    {
        Assert.True(ProcEventParser.TryParse(Body(0x80000000, 1234, 1234), out ProcEvent e));
        Assert.Equal(new ProcEvent(ProcEventKind.Exit, 1234), e);
    }

    [Fact]
    public void TryParse_ForkOfAProcess_ReturnsTheChild()
    {
        Assert.True(ProcEventParser.TryParse(Body(0x1, 10, 10, 11, 11), out ProcEvent e));
        Assert.Equal(new ProcEvent(ProcEventKind.Fork, 11), e);
    }

    [Fact]
    public void TryParse_ThreadExit_IsSkipped() => Assert.False(ProcEventParser.TryParse(Body(0x80000000, 1235, 1234), out _));

    [Fact]
    public void TryParse_OtherConnector_IsSkipped()
    {
        byte[] body = Body(0x2, 5, 5);
        BinaryPrimitives.WriteUInt32LittleEndian(body, 7);
        Assert.False(ProcEventParser.TryParse(body, out _));
    }

    [Fact]
    public void TryParse_LengthBeyondTheMessage_IsSkipped()
    {
        byte[] body = Body(0x2, 5, 5);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 200);
        Assert.False(ProcEventParser.TryParse(body, out _));
    }

    [Fact]
    public void TryParse_EveryTruncation_NeverThrows()
    {
        byte[] body = Body(0x80000000, 1234, 1234);
        for (int length = 0; length < body.Length; length++)
        {
            _ = ProcEventParser.TryParse(body.AsSpan(0, length), out _);
        }
    }

    /// <summary>cn_msg (idx 1, val 1, len) + proc_event (what, cpu, timestamp) + the event's int fields.</summary>
    private static byte[] Body(uint what, params int[] fields)
    {
        int eventLength = 16 + (4 * fields.Length);
        byte[] body = new byte[20 + eventLength];
        BinaryPrimitives.WriteUInt32LittleEndian(body, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), (ushort)eventLength);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), what);
        for (int i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(36 + (4 * i)), fields[i]);
        }

        return body;
    }
}
