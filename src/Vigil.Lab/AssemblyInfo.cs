// Vigil.Lab: demo tooling behind `vigil lab` (see README.md "vigil lab"); never used by the daemon.
[assembly: System.CLSCompliant(false)]
