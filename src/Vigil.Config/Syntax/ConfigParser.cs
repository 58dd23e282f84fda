namespace Vigil.Config.Syntax;

/// <summary>Parses configuration text held in memory (tests, editors, stdin); includes are read through the options' file system.</summary>
public static class ConfigParser
{
    public static ConfigDocument Parse(string text, string fileName = "keepalived.conf", ConfigLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        return ConfigLoader.Read(fileName, text, options ?? new ConfigLoadOptions());
    }
}
