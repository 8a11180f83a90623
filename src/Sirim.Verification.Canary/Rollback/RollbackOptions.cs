using System.Globalization;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Canary.Rollback;

/// <summary>
/// What happens on a ROLLBACK verdict: rollback_event.md is always written; the operator's command (if any) runs once
/// through <c>/bin/sh -c</c>, bounded by <see cref="Timeout"/>.
/// </summary>
public sealed record RollbackOptions(string? Command, TimeSpan Timeout)
{
    public static (RollbackOptions? Options, IReadOnlyList<string> Errors) From(TargetOptions target) =>
        From(target.Setting(SettingsCatalog.RollbackCommand), target.Setting(SettingsCatalog.RollbackTimeoutSeconds));

    public static (RollbackOptions? Options, IReadOnlyList<string> Errors) From(string? command, string? timeoutSeconds)
    {
        var d = SettingsCatalog.RollbackTimeoutSeconds;
        var raw = string.IsNullOrWhiteSpace(timeoutSeconds) ? d.Default! : timeoutSeconds.Trim();
        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 3600)
            return (null, [$"{d.Key} ({d.EnvironmentVariable}): '{raw}' is not a whole number of seconds from 1 to 3600"]);
        if (command is not null && !File.Exists("/bin/sh"))
            return (null, [$"{SettingsCatalog.RollbackCommand.Key} ({SettingsCatalog.RollbackCommand.EnvironmentVariable}) is set but /bin/sh does not exist; the command runs through /bin/sh -c"]);
        return (new RollbackOptions(string.IsNullOrWhiteSpace(command) ? null : command, TimeSpan.FromSeconds(seconds)), []);
    }
}
