// Vigil.Daemon: see README.md "Layout" for what belongs here.
[assembly: System.CLSCompliant(false)]
