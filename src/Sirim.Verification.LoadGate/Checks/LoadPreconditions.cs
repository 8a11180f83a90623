using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>
/// The failures that stop a load or pool run before its budgets can be judged: an invalid plan (found before any
/// traffic), a load that did not start, a pool run without a usable monitoring connection. Each is an outcome in the
/// standard failure shape, so it is rendered, judged and reported like any other check.
/// </summary>
public static class LoadPreconditions
{
    public const string PlanValidId = "load_plan_valid";
    public const string StartedId = "load_started";
    public const string SamplerConfiguredId = "pool_sampler_configured";

    public static CheckOutcome PlanInvalid(string gate, string profile, IReadOnlyList<string> errors) =>
        CheckOutcome.Fail(gate, PlanValidId, $"profile {profile}", Severity.High, "a valid load plan (checked before any traffic)",
            $"{errors.Count} problem(s):\n" + string.Join("\n", errors.Select(e => "  - " + e)),
            "Fix the profile, its routes file or the settings named above; no request was sent.");

    public static CheckOutcome NotStarted(string gate, string profile, string problem) =>
        CheckOutcome.Fail(gate, StartedId, $"profile {profile}", Severity.High, "the load starts", problem,
            "The load engine refused the plan or could not reach the target; nothing was measured.");

    public static CheckOutcome SamplerNotConfigured(string? problem) =>
        CheckOutcome.Fail(LoadGateNames.Pool, SamplerConfiguredId, SettingsCatalog.DbMonitorConnection.EnvironmentVariable, Severity.High,
            "a usable monitoring connection", problem ?? "not set",
            $"Set {SettingsCatalog.DbMonitorConnection.EnvironmentVariable} to a connection string that may read pg_stat_activity of the API's database.");
}
