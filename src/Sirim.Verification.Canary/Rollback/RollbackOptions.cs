using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Canary.Rollback;

/// <summary>
/// What happens on a ROLLBACK verdict: rollback_event.md is always written; the operator's command (if any) runs once
/// through <c>/bin/sh -c</c>, bounded by <see cref="Timeout"/>.
/// </summary>
public sealed record RollbackOptions(string? Command, TimeSpan Timeout)
{
    public static OptionsResult<RollbackOptions> From(TargetOptions target) =>
        From(target.Setting(SettingsCatalog.RollbackCommand), target.Setting(SettingsCatalog.RollbackTimeoutSeconds));

    public static OptionsResult<RollbackOptions> From(string? command, string? timeoutSeconds)
    {
        var errors = new List<string>();
        var d = SettingsCatalog.RollbackTimeoutSeconds;
        var raw = string.IsNullOrWhiteSpace(timeoutSeconds) ? d.Default! : timeoutSeconds.Trim();
        var seconds = new SettingsReader(_ => raw, errors, end: "").Int(d, 1, 3600, unit: "seconds");
        if (errors.Count > 0) return OptionsResult<RollbackOptions>.Invalid(errors);
        if (command is not null && !File.Exists("/bin/sh"))
            return OptionsResult<RollbackOptions>.Invalid([$"{SettingsReader.Name(SettingsCatalog.RollbackCommand)} is set but /bin/sh does not exist; the command runs through /bin/sh -c"]);
        return OptionsResult<RollbackOptions>.Valid(new RollbackOptions(string.IsNullOrWhiteSpace(command) ? null : command, TimeSpan.FromSeconds(seconds)));
    }
}
