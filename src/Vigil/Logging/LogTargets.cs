namespace Vigil.Cli.Logging;

/// <summary>
/// Where <c>vigil run</c> logs. stderr by default; keepalived's -S FACILITY logs to syslog instead (as keepalived
/// does, which logs to the console only with -l), -l keeps stderr as well; -g FILE adds a file.
/// </summary>
internal sealed record LogTargets(bool Console, int? SyslogFacility, string? File, bool Detail = false)
{
    public static LogTargets? Read(bool console, string? facility, string? file, out string? problem)
    {
        problem = null;
        int? code = null;
        if (facility is not null && (code = Logging.SyslogFacility.Parse(facility)) is null)
        {
            problem = $"--log-facility {facility}: use 0-7 (local0-local7), local0-local7, user or daemon";
            return null;
        }

        if (file is not null)
        {
            try
            {
                using (new FileStream(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
                {
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = $"--log-file {file}: cannot open it for appending: {e.Message}";
                return null;
            }
        }

        return new LogTargets(console || code is null, code, file);
    }
}
