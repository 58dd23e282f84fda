using System.Diagnostics;
using Vigil.Config.Syntax;
using static Vigil.Config.Tests.Syntax.SyntaxTestHelpers;

namespace Vigil.Config.Tests.Syntax;

/// <summary>
/// Inputs that used to hang the reader or exhaust memory (issue 11, items 18-20 and 22): each ends, quickly,
/// in a diagnostic naming file:line:col. A hang is turned into a failure by running the read with a deadline.
/// </summary>
public sealed class RunawayInputTests : IDisposable
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(20);
    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-runaway-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static T WithinDeadline<T>(Func<T> read)
    {
        var task = Task.Factory.StartNew(read, TaskCreationOptions.LongRunning);
        Assert.True(task.Wait(s_deadline), $"the read did not end within {s_deadline.TotalSeconds} s");
        return task.Result;
    }

    private static bool Ended(Task task) => task.Wait(s_deadline);

    [Fact]
    public void Parameter_UsingItselfThroughASeq_IsAnErrorNamingTheDefinition()
    {
        var document = WithinDeadline(() => Parse("$A=~SEQ(i,1,2) $A\n$A"));

        var error = Assert.Single(Errors(document), d => d.Code == SyntaxCodes.RecursiveParameter);
        Assert.Equal(2, error.Location.Line);
        Assert.Contains("$A", error.Message, StringComparison.Ordinal);
        Assert.Contains("keepalived.conf:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_UsingItselfAfterABrace_IsAnErrorNamingTheDefinition()
    {
        var document = WithinDeadline(() => Parse("$A={$A\n$A"));

        var error = Assert.Single(Errors(document), d => d.Code == SyntaxCodes.RecursiveParameter);
        Assert.Equal(new SourceLocation("/etc/keepalived/keepalived.conf", 2, 1), error.Location);
        Assert.Contains("$A", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parameter_UsingItselfThroughAnother_IsAnError()
    {
        var document = WithinDeadline(() => Parse("$A=~LST(v,x,y) $B\n$B=a } $A\nb {\n$A"));

        Assert.Contains(Errors(document), d => d.Code == SyntaxCodes.RecursiveParameter);
    }

    // Found by ConfigFuzzTests: a multi-line parameter using itself went 64 levels deep on every use (300 MB for a 230-line file).
    [Fact]
    public void Parameter_MultilineUsingItself_IsAnErrorNamingTheDefinition()
    {
        var document = WithinDeadline(() => Parse("$R= \\\na 1 \\\n$R \\\nb 2\n$R"));

        var error = Assert.Single(Errors(document));
        Assert.Equal(SyntaxCodes.RecursiveParameter, error.Code);
        Assert.Equal(5, error.Location.Line);
        Assert.Contains("keepalived.conf:1", error.Message, StringComparison.Ordinal);
        Assert.Equal(["a 1", "b 2"], Lines(document));
    }

    [Fact]
    public void Parameter_MultilineUsingItself_UsedOften_StaysSmall()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();

        var document = Parse("$R= \\\na 1 \\\n$R \\\nb 2\n" + string.Concat(Enumerable.Repeat("$R\n", 200)));

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.All(Errors(document), e => Assert.Equal(SyntaxCodes.RecursiveParameter, e.Code));
        Assert.True(allocated < 4L << 20, $"{allocated >> 10} KiB allocated");
    }

    [Fact]
    public void Parameter_LoopVariableNamedLikeTheLoopParameter_IsNotRecursion()
    {
        Assert.Equal(["x 1", "x 2"], Lines(WithinDeadline(() => Parse("$A=~SEQ(A,1,2) x $A\n$A"))));
    }

    [Fact]
    public void Seq_ExpandingToMillionsOfLines_StopsWithOneErrorAndLittleMemory()
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        var document = Parse("~SEQ(i,1,1000000) ~SEQ(j,1,5) x");

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(SyntaxCodes.ExpansionTooLarge, Assert.Single(Errors(document)).Code);
        Assert.True(allocated < 1L << 30, $"{allocated >> 20} MiB allocated in {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Seq_NestedLoopsProducingNothing_StopWithAnError()
    {
        var document = WithinDeadline(() => Parse("~SEQ(i,1,100000) ~SEQ(j,1,100000) @nobody x"));

        Assert.Equal(SyntaxCodes.ExpansionTooLarge, Assert.Single(Errors(document)).Code);
    }

    [Fact]
    public void Include_DevZero_IsRefusedAsNotARegularFile()
    {
        string main = Write("main.conf", "include /dev/zero\nx 1");

        var document = WithinDeadline(() => LoadPhysical(main));

        var problem = Assert.Single(document.Diagnostics, d => d.Code == SyntaxCodes.FileUnreadable);
        Assert.Contains("not a regular file", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["x 1"], Lines(document));
    }

    [Fact]
    public void Include_DevUrandomWithIncludeCheck_IsAnError()
    {
        string main = Write("main.conf", "include_check\ninclude /dev/urandom");

        var document = WithinDeadline(() => LoadPhysical(main));

        Assert.Contains(Errors(document), d => d.Code == SyntaxCodes.FileUnreadable && d.Message.Contains("not a regular file", StringComparison.Ordinal));
    }

    [Fact]
    public void Include_Fifo_IsRefusedWithoutBlocking()
    {
        string fifo = Path.Combine(_directory, "held.conf");
        MakeFifo(fifo);
        string main = Write("main.conf", $"include {fifo}\nx 1");

        var document = WithinDeadline(() => LoadPhysical(main));

        var problem = Assert.Single(document.Diagnostics, d => d.Code == SyntaxCodes.FileUnreadable);
        Assert.Contains("FIFO", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["x 1"], Lines(document));
    }

    [Fact]
    public void Main_Fifo_IsReadAsTheOperatorNamedIt()
    {
        string fifo = Path.Combine(_directory, "keepalived.conf");
        MakeFifo(fifo);
        Task write = Task.Run(() => File.WriteAllText(fifo, "x 1\n"));

        var document = WithinDeadline(() => LoadPhysical(fifo));

        Assert.True(Ended(write));
        Assert.Equal(["x 1"], Lines(document));
    }

    [Fact]
    public void Main_EndlessFifo_StopsAtTheSizeLimit()
    {
        string fifo = Path.Combine(_directory, "keepalived.conf");
        MakeFifo(fifo);
        using var stop = new CancellationTokenSource();
        Task writer = Task.Run(() =>
        {
            try
            {
                using var stream = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                byte[] chunk = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("x 1\n", 16384)));
                while (!stop.IsCancellationRequested)
                    stream.Write(chunk);
            }
            catch (IOException)
            {
                // the reader closed the pipe
            }
        });

        var document = WithinDeadline(() => LoadPhysical(fifo));
        stop.Cancel();

        var error = Assert.Single(Errors(document));
        Assert.Equal(SyntaxCodes.FileUnreadable, error.Code);
        Assert.Contains("MiB", error.Message, StringComparison.Ordinal);
        Assert.True(Ended(writer));
    }

    [Fact]
    public void Include_FileLargerThanTheLimit_IsAnErrorNotRead()
    {
        string big = Path.Combine(_directory, "big.conf");
        using (var stream = File.Create(big))
            stream.SetLength(PhysicalConfigFileSystem.MaxFileBytes + 1);
        string main = Write("main.conf", $"include {big}\nx 1");

        var document = WithinDeadline(() => LoadPhysical(main));

        var problem = Assert.Single(document.Diagnostics, d => d.Code == SyntaxCodes.FileUnreadable);
        Assert.Contains("MiB", problem.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static ConfigDocument LoadPhysical(string path) =>
        ConfigLoader.Load(path, new ConfigLoadOptions { ConfigId = "main", FileSystem = new PhysicalConfigFileSystem() });

    private static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", ["-m", "600", path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
