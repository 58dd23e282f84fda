using BenchmarkDotNet.Running;
using Vigil.Benchmarks;

if (args is ["timer-lateness", ..])
{
    TimerLateness.Run(args[1..]);
    return;
}

if (args is ["gc-pause", ..])
{
    GcPause.Run(args[1..]);
    return;
}

if (args is ["retained", ..])
{
    RetainedMemory.Run(args[1..]);
    return;
}

if (args is ["retained-lvs", ..])
{
    RetainedLvs.Run(args[1..]);
    return;
}

if (args is ["tcp-check", ..])
{
    TcpCheckCost.Run(args[1..]);
    return;
}

if (args is ["simulation-hour", ..])
{
    SimulationHour.Run(args[1..]);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
