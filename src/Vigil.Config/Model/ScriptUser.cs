namespace Vigil.Config.Model;

/// <summary>A user (and optional group) a script runs as: <c>script_user</c>, <c>user</c>, or the trailing words of a notify line.</summary>
public sealed record ScriptUser(string User, string? Group);
