using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Cli;

/// <summary><c>settings [--markdown]</c>: lists every setting with its environment variable, runsettings key and default.</summary>
public static class SettingsCommand
{
    public const string Usage = "settings [--markdown]\n    list every setting (environment variable, runsettings key, default); --markdown prints the README table";

    public static Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var markdown = args.Contains("--markdown");
        if (markdown)
        {
            Console.WriteLine("| environment variable | runsettings parameter | default | gate | meaning |");
            Console.WriteLine("| --- | --- | --- | --- | --- |");
        }
        foreach (var s in SettingsCatalog.All)
        {
            var key = s.IsSecret ? "(environment only)" : s.Key;
            var def = s.Default ?? "";
            Console.WriteLine(markdown
                ? $"| `{s.EnvironmentVariable}` | {(s.IsSecret ? key : $"`{key}`")} | {(def.Length == 0 ? "" : $"`{def}`")} | {s.Gate} | {s.Description} |"
                : $"{s.EnvironmentVariable,-30} {key,-22} {def,-28} {s.Description}");
        }
        return Task.FromResult(0);
    }
}
