using Sirim.Verification.Canary.Probing;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Canary.Tests.Canary;

/// <summary>The pure judge on synthetic samples: each rule's happy and sad path with the rendered message pinned, and the verdict.</summary>
public sealed class CanaryJudgeTests
{
    private static readonly CanaryOptions Options = new(new Uri("http://127.0.0.1:5001"), new Uri("http://127.0.0.1:5002"), ["/readyz"],
        100, 1, TimeSpan.FromSeconds(60), 0, CanaryRules.Default);

    private const string Subject = "GET /readyz on canary http://127.0.0.1:5002 vs baseline http://127.0.0.1:5001";

    /// <summary>100 latencies 10.0 … 19.9 ms, every one a 200.</summary>
    private static IEnumerable<ProbeSample> Side(Side side, Func<int, double>? latency = null, Func<int, int?>? status = null) =>
        Enumerable.Range(0, 100).Select(i =>
        {
            var code = status is null ? 200 : status(i);
            return new ProbeSample(side, "/readyz", code, latency?.Invoke(i) ?? 10 + i * 0.1, code is null ? "Connection refused" : null);
        });

    private static CanaryResult Judge(IEnumerable<ProbeSample> baseline, IEnumerable<ProbeSample> canary, CanaryOptions? options = null) =>
        CanaryGate.Judge(options ?? Options, new ProbeRun(baseline.Concat(canary).ToList(), [], 100, 0, false, TimeSpan.FromSeconds(1)));

    private static CheckOutcome Outcome(CanaryResult r, string id) => r.Outcomes.Single(o => o.CheckId == id);

    [Test]
    public void Same_distribution_promotes()
    {
        var r = Judge(Side(Probing.Side.Baseline), Side(Probing.Side.Canary, i => 10 + ((i + 3) % 100) * 0.1));
        Assert.Multiple(() =>
        {
            Assert.That(r.Decision.Verdict, Is.EqualTo(CanaryVerdict.Promote));
            Assert.That(r.Decision.ExitCode, Is.EqualTo(0));
            Assert.That(r.Outcomes.Select(o => o.Status), Is.All.EqualTo(CheckStatus.Passed));
            Assert.That(r.Decision.Reasons, Does.Contain("canary_5xx_increase: 0 5xx in 100 canary probes vs 0 in 100 baseline probes"));
            Assert.That(r.Decision.Reasons, Does.Contain("canary_error_rate_increase: error rate 0 % (0/100) vs baseline 0 % (0/100)"));
            Assert.That(r.Decision.Reasons.First(), Does.StartWith("canary_p95_increase: p95 19.4 ms vs baseline 19.4 ms (+0 %); Mann-Whitney U = 5000"));
        });
    }

    [Test]
    public void Slower_canary_rolls_back_naming_p95_expected_and_actual()
    {
        var r = Judge(Side(Probing.Side.Baseline), Side(Probing.Side.Canary, i => 70 + i * 0.1));
        var rendered = FailureRenderer.Render(Outcome(r, "canary_p95_increase"), Redactor.None);
        Assert.Multiple(() =>
        {
            Assert.That(r.Decision.Verdict, Is.EqualTo(CanaryVerdict.Rollback));
            Assert.That(r.Decision.ExitCode, Is.EqualTo(1));
            Assert.That(rendered, Does.StartWith(
                $"[canary] canary_p95_increase: {Subject}   (severity critical · budget exceeded)\n" +
                "Expected: p95 at most +10% over the baseline (at most 21.3 ms; changes under 5 ms or not significant are noise)\n" +
                "Actual:   p95 79.4 ms vs baseline 19.4 ms (+309.3 %); Mann-Whitney U = 10000, z = 12.22, one-sided p = 1.3e-34, P(canary slower) = 1.00; "));
            Assert.That(rendered, Does.Contain("canary 10/100, baseline 0/100, one-sided p = ").And.Contain("(alpha 0.01)\nHint:     The canary is slower than the baseline beyond noise"));
            Assert.That(Outcome(r, "canary_error_rate_increase").Status, Is.EqualTo(CheckStatus.Passed));
        });
    }

    [Test]
    public void A_slow_tail_rolls_back_through_the_tail_test_even_without_a_distribution_shift()
    {
        // 10 of 100 requests take a slow path: the rank test sees almost no shift (one-sided p = 0.45), the tail test does.
        var r = Judge(Side(Probing.Side.Baseline), Side(Probing.Side.Canary, i => i >= 90 ? 40 : 10 + i * 0.1));
        Assert.Multiple(() =>
        {
            Assert.That(r.Decision.Verdict, Is.EqualTo(CanaryVerdict.Rollback));
            Assert.That(Outcome(r, "canary_p95_increase").Actual, Does.StartWith("p95 40.0 ms vs baseline 19.4 ms (+106.2 %)")
                .And.Contain("one-sided p = 0.4519").And.Contain("above pooled p95 (19.9 ms): canary 10/100, baseline 0/100, one-sided p = 0.0006 (alpha 0.01)"));
        });
    }

    [Test]
    public void A_p95_change_that_no_test_supports_is_noise_and_passes()
    {
        // The same values in both, except that the canary's 6 slowest are 25 ms instead of ~19.5: p95 +29 % and +5.6 ms,
        // but 6 of 100 above the pooled p95 on each side and no rank shift.
        var r = Judge(Side(Probing.Side.Baseline, i => i >= 94 ? 25 : 10 + i * 0.1), Side(Probing.Side.Canary, i => i >= 94 ? 25 : 10 + i * 0.1));
        var o = Outcome(r, "canary_p95_increase");
        Assert.That(o.Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(r.Decision.Verdict, Is.EqualTo(CanaryVerdict.Promote));
    }

    [Test]
    public void Changes_under_the_noise_floor_pass_even_when_significant()
    {
        // +2 ms on a 3 ms route is +67 %, and every canary answer is slower, but 2 ms is below the 5 ms floor.
        var r = Judge(Side(Probing.Side.Baseline, i => 3 + i * 0.001), Side(Probing.Side.Canary, i => 5 + i * 0.001));
        Assert.That(Outcome(r, "canary_p95_increase").Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(r.Comparison.LatencyTest!.PXGreater, Is.LessThan(1e-10));
    }

    [Test]
    public void Server_errors_roll_back_naming_the_5xx_rule_and_the_error_rate()
    {
        var r = Judge(Side(Probing.Side.Baseline), Side(Probing.Side.Canary, status: i => i % 5 == 4 ? 500 : 200));
        var rendered = FailureRenderer.Render(Outcome(r, "canary_5xx_increase"), Redactor.None);
        Assert.Multiple(() =>
        {
            Assert.That(r.Decision.Verdict, Is.EqualTo(CanaryVerdict.Rollback));
            Assert.That(rendered, Is.EqualTo(
                $"[canary] canary_5xx_increase: {Subject}   (severity critical · budget exceeded)\n" +
                "Expected: at most 0 5xx (the baseline's count + 0)\n" +
                "Actual:   20 5xx in 100 canary probes vs 0 in 100 baseline probes\n" +
                "Hint:     The release answers server errors the current version does not: roll back and read the server log for the failing requests.\n"));
            Assert.That(FailureRenderer.Render(Outcome(r, "canary_error_rate_increase"), Redactor.None), Does.Contain(
                "Expected: error rate at most +50% over the baseline (at most 0 %)\nActual:   error rate 20 % (20/100) vs baseline 0 % (0/100)\n"));
        });
    }

    [Test]
    public void Error_rate_within_half_again_of_the_baseline_passes()
    {
        // 4 % vs 3 %: +33 %, inside +50 %; 4xx are errors but not 5xx.
        var r = Judge(Side(Probing.Side.Baseline, status: i => i < 3 ? 404 : 200), Side(Probing.Side.Canary, status: i => i < 4 ? 404 : 200));
        Assert.That(r.Outcomes.Select(o => o.Status), Is.All.EqualTo(CheckStatus.Passed));
    }

    [Test]
    public void A_canary_that_does_not_answer_rolls_back()
    {
        var r = Judge(Side(Probing.Side.Baseline), Side(Probing.Side.Canary, status: _ => null));
        Assert.Multiple(() =>
        {
            Assert.That(r.Decision.Verdict, Is.EqualTo(CanaryVerdict.Rollback));
            Assert.That(Outcome(r, "canary_error_rate_increase").Actual, Is.EqualTo("error rate 100 % (100/100) vs baseline 0 % (0/100)"));
            Assert.That(r.Comparison.Canary.TransportErrors, Is.EqualTo(100));
        });
    }

    [Test]
    public void A_failing_baseline_or_too_few_samples_are_inconclusive()
    {
        var failingBaseline = Judge(Side(Probing.Side.Baseline, status: _ => 503), Side(Probing.Side.Canary));
        var few = Judge(Side(Probing.Side.Baseline).Take(10), Side(Probing.Side.Canary).Take(10));
        Assert.Multiple(() =>
        {
            Assert.That(failingBaseline.Decision.Verdict, Is.EqualTo(CanaryVerdict.Inconclusive));
            Assert.That(failingBaseline.Decision.Reasons, Does.Contain("canary_error_rate_increase: inconclusive: the baseline itself fails; error rate 0 % (0/100) vs baseline 100 % (100/100)"));
            Assert.That(few.Decision.Verdict, Is.EqualTo(CanaryVerdict.Inconclusive));
            Assert.That(few.Decision.Reasons, Does.Contain("canary_p95_increase: inconclusive: too few successful answers to compare p95 (baseline 10, canary 10; need 30 each)"));
        });
    }

    [Test]
    public void Summary_for_go_no_go_carries_figures_against_thresholds()
    {
        var r = Judge(Side(Probing.Side.Baseline), Side(Probing.Side.Canary, i => 70 + i * 0.1));
        var s = CanaryGate.Summary(r, ["canary_analysis.md"]);
        Assert.Multiple(() =>
        {
            Assert.That(s.Gate, Is.EqualTo("canary"));
            Assert.That(s.Status, Is.EqualTo(Core.Evidence.GateStatus.Fail));
            Assert.That(s.Figures.Select(f => $"{f.Name} = {f.Actual} ({f.Threshold}, {f.Ok})"), Is.EqualTo(new[]
            {
                "canary p95 = 79.4 ms vs 19.4 ms (+10%, False)", "canary error rate = 0% vs 0% (+50%, True)",
                "canary 5xx = 0 vs 0 (+0, True)", "canary verdict = ROLLBACK (PROMOTE, False)",
            }));
        });
    }

    [Test]
    public void Analysis_report_shows_verdict_metrics_and_the_rank_test()
    {
        var r = Judge(Side(Probing.Side.Baseline), Side(Probing.Side.Canary, i => 70 + i * 0.1));
        var md = CanaryAnalysisReport.Render(r, "reference", Redactor.None).ToString();
        Assert.That(md, Does.Contain("**Verdict: ROLLBACK**")
            .And.Contain("| p95 latency | 19.4 ms | 79.4 ms | +309.3 % | p95 <= +10% | **FAIL** |")
            .And.Contain("| p, canary slower (one-sided) |")
            .And.Contain("| 5xx answers | 0 | 0 | 0 | 5xx <= +0 | PASS |"));
    }
}
