// Vigil.Core: see README.md "Layout" for what belongs here.
[assembly: System.CLSCompliant(false)]
