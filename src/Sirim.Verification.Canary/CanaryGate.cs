using Sirim.Verification.Canary.Checks;
using Sirim.Verification.Canary.Probing;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Canary;

/// <summary>Everything one canary analysis produced.</summary>
public sealed record CanaryResult(
    CanaryOptions Options,
    ProbeRun Probes,
    CanaryComparison Comparison,
    IReadOnlyList<CheckOutcome> Outcomes,
    CanaryDecision Decision);

/// <summary>
/// The canary gate: the same interleaved probe load against the baseline and the canary, then the comparison of p95,
/// p99, error rate and 5xx with the rules, the Mann-Whitney test on latencies, and a verdict PROMOTE / ROLLBACK /
/// INCONCLUSIVE with reasons.
/// </summary>
public sealed class CanaryGate(CanaryOptions options, ExchangeClient client)
{
    public const string Name = "canary";
    public const string EvidenceFile = "canary_analysis.md";

    public async Task<CanaryResult> RunAsync(CancellationToken ct)
    {
        var probes = await new CanaryProber(client).RunAsync(options, ct).ConfigureAwait(false);
        return Judge(options, probes);
    }

    /// <summary>The pure half: judges measured samples with the rules (unit-testable without any target).</summary>
    public static CanaryResult Judge(CanaryOptions options, ProbeRun probes)
    {
        var comparison = CanaryComparison.From(probes.Samples);
        var subject = Subject(options);
        var outcomes = Checks(options.Rules).Select(c => c.Evaluate(new CanaryEvidence(comparison, options.Rules, subject))).ToList();
        return new CanaryResult(options, probes, comparison, outcomes, CanaryDecision.From(outcomes));
    }

    public static IReadOnlyList<ICheck<CanaryEvidence>> Checks(CanaryRules rules) =>
        [.. rules.Latency.Select(r => new LatencyIncrease(r)), new ErrorRateIncrease(), new ServerErrorIncrease()];

    public static string Subject(CanaryOptions o) =>
        $"GET {string.Join(",", o.ProbePaths)} on canary {o.CanaryUrl.GetLeftPart(UriPartial.Authority)} vs baseline {o.BaselineUrl.GetLeftPart(UriPartial.Authority)}";

    /// <summary>The go/no-go row of this analysis: PASS on PROMOTE, FAIL on ROLLBACK, NOT RUN (with the reasons) when inconclusive.</summary>
    public static GateSummary Summary(CanaryResult r, IReadOnlyList<string> evidenceFiles)
    {
        var c = r.Comparison;
        var figures = new List<KeyFigure>();
        foreach (var rule in r.Options.Rules.Latency)
        {
            var outcome = r.Outcomes.First(o => o.CheckId == $"canary_p{rule.Percentile}_increase");
            figures.Add(new KeyFigure($"canary p{rule.Percentile}",
                $"{c.Canary.Percentile(rule.Percentile):0.0} ms vs {c.Baseline.Percentile(rule.Percentile):0.0} ms",
                $"+{rule.MaxIncreasePercent}%", outcome.Status switch { CheckStatus.Passed => true, CheckStatus.Failed => false, _ => null }));
        }
        figures.Add(new KeyFigure("canary error rate", $"{c.Canary.ErrorRate * 100:0.##}% vs {c.Baseline.ErrorRate * 100:0.##}%",
            $"+{r.Options.Rules.MaxErrorRateIncreasePercent}%", Ok(r, "canary_error_rate_increase")));
        figures.Add(new KeyFigure("canary 5xx", $"{c.Canary.ServerErrors} vs {c.Baseline.ServerErrors}",
            $"+{r.Options.Rules.MaxServerErrorIncrease}", Ok(r, "canary_5xx_increase")));
        figures.Add(new KeyFigure("canary verdict", r.Decision.Label, "PROMOTE", r.Decision.Verdict == CanaryVerdict.Promote));
        var failures = r.Outcomes.Where(o => o.Failed).Select(o => FailureRenderer.Render(o, Redactor.None)).ToList();
        var status = r.Decision.Verdict switch
        {
            CanaryVerdict.Promote => GateStatus.Pass,
            CanaryVerdict.Rollback => GateStatus.Fail,
            _ => GateStatus.NotRun,
        };
        return new GateSummary(Name, status, r.Outcomes.Count(o => o.Status == CheckStatus.Passed), failures.Count,
            r.Outcomes.Count(o => o.Status == CheckStatus.NotApplicable), figures, evidenceFiles, failures,
            status == GateStatus.NotRun ? "INCONCLUSIVE: " + string.Join("; ", r.Decision.Reasons) : null);
    }

    private static bool? Ok(CanaryResult r, string id) => r.Outcomes.First(o => o.CheckId == id).Status switch
    {
        CheckStatus.Passed => true,
        CheckStatus.Failed => false,
        _ => null,
    };
}
