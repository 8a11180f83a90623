using System.Globalization;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Observability.Checks;

/// <summary>
/// <c>restart_health_stable</c>: after one restart, liveness and readiness both answer 200 within the bound and then
/// stay 200 for every stability probe (seed 000 step 5: "/healthz y /readyz estables tras reinicios").
/// </summary>
public static class RestartHealthStable
{
    public const string Id = "restart_health_stable";

    public static CheckOutcome Evaluate(RestartRead read, TimeSpan bound, int stableProbes)
    {
        const string subject = "restart";
        var expected = $"the restart command exits 0; liveness and readiness both 200 within {Seconds(bound)}, then {stableProbes} more probe(s) of each all 200";
        var c = read.Command;
        if (c.TimedOut || c.ExitCode != 0)
            return CheckOutcome.Fail(ObservabilityGate.Name, Id, subject, Severity.Critical, expected, $"restart command {c.Outcome} after {Seconds(c.Elapsed)}",
                "The restart itself failed: see the command output in the evidence.");
        if (read.BackAfter is not { } back)
        {
            var last = read.Timeline.LastOrDefault();
            return CheckOutcome.Fail(ObservabilityGate.Name, Id, subject, Severity.Critical, expected,
                $"not both 200 within {Seconds(bound)}; last probe: {Describe(last)}",
                "The instance does not come back ready after a restart: check the start-up log and the readiness dependencies.");
        }
        var bad = read.Timeline.Where(p => p.Phase == "stable" && !p.Ok).ToList();
        if (bad.Count > 0)
            return CheckOutcome.Fail(ObservabilityGate.Name, Id, subject, Severity.Critical, expected,
                $"back after {Seconds(back)}, then {bad.Count} of {read.Timeline.Count(p => p.Phase == "stable")} stability probe(s) not 200; first: {Describe(bad[0])}",
                "Health flaps after the restart: a load balancer would take the instance in and out of rotation.");
        return CheckOutcome.Pass(ObservabilityGate.Name, Id, subject, Severity.Critical) with
        {
            Actual = $"command {c.Outcome} in {Seconds(c.Elapsed)}; both 200 after {Seconds(back)}; {read.Timeline.Count(p => p.Phase == "stable")} stability probes 200",
        };
    }

    private static string Describe(HealthProbe? p) => p is null ? "none" : $"{p.Path} at +{Seconds(p.At)}: {(p.Status is { } s ? s.ToString(CultureInfo.InvariantCulture) : p.Error)}";

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
