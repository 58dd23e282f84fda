namespace Vigil.Config.Model;

/// <summary>
/// <c>SMTP_CHECK { }</c> (check_smtp.c): connect, a greeting whose status is 220, <c>HELO helo_name</c> answered
/// with 250, then <c>QUIT</c> (any answer). keepalived's default HELO name is smtpchecker.keepalived.org.
/// </summary>
public sealed record SmtpCheck(SourceRef Location) : HealthCheck(Location)
{
    public override string Kind => "SMTP_CHECK";

    public string HeloName { get; init; } = "smtpchecker.keepalived.org";
}
