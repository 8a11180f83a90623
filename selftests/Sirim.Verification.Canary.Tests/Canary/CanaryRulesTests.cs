namespace Sirim.Verification.Canary.Tests.Canary;

public sealed class CanaryRulesTests
{
    [Test]
    public void Defaults_are_the_requirement_thresholds()
    {
        var r = CanaryRules.Default;
        Assert.Multiple(() =>
        {
            Assert.That(r.Latency.Select(l => l.Text), Is.EqualTo(new[] { "p95 <= +10%" }));
            Assert.That(r.MaxErrorRateIncreasePercent, Is.EqualTo(50));
            Assert.That(r.MaxServerErrorIncrease, Is.EqualTo(0));
            Assert.That(r.Alpha, Is.EqualTo(0.01));
            Assert.That(r.LatencyFloorMs, Is.EqualTo(5));
            Assert.That(r.MinSamples, Is.EqualTo(30));
        });
    }

    private static IEnumerable<TestCaseData> Valid()
    {
        yield return new TestCaseData("p95 <= +10%; p99 <= +25%; error_rate <= +50%; 5xx <= +0",
            "p95 <= +10%|p99 <= +25%|error_rate <= +50%|5xx <= +0|alpha = 0.01|latency_floor = 5ms|min_samples = 30").SetName("requirements plus p99");
        yield return new TestCaseData("p90<20%, 5xx <= 2, alpha = 0.01, latency_floor = 2.5ms, min_samples = 50",
            "p90 <= +20%|error_rate <= +50%|5xx <= +2|alpha = 0.01|latency_floor = 2.5ms|min_samples = 50").SetName("commas, no plus sign, knobs");
    }

    [TestCaseSource(nameof(Valid))]
    public void Parses(string text, string described)
    {
        var (rules, errors) = CanaryRules.Parse(text);
        Assert.That(errors, Is.Empty);
        Assert.That(string.Join("|", rules!.Describe()), Is.EqualTo(described));
    }

    [TestCase("", "canary rules '' are empty; e.g. 'p95 <= +10%; error_rate <= +50%; 5xx <= +0'", TestName = "empty")]
    [TestCase("p95 < 300ms", "canary rule 'p95': write it as 'p95 <= +10%' (an increase in percent over the baseline)", TestName = "absolute budget is not a canary rule")]
    [TestCase("p100 <= +5%", "canary rule 'p100': the percentile must be p50 to p99", TestName = "percentile out of range")]
    [TestCase("error_rate <= 5ms", "canary rule 'error_rate <= 5ms': write it as 'error_rate <= +50%'", TestName = "error rate in ms")]
    [TestCase("5xx <= +1.5", "canary rule '5xx <= +1.5': write it as '5xx <= +0' (allowed extra 5xx answers, a whole number)", TestName = "fractional 5xx")]
    [TestCase("alpha = 0.7", "canary rule 'alpha = 0.7': write it as 'alpha = 0.05' (a significance level between 0 and 0.5)", TestName = "alpha too large")]
    [TestCase("latency_floor = 5", "canary rule 'latency_floor = 5': write it as 'latency_floor = 5ms'", TestName = "floor without unit")]
    [TestCase("p95 >= 10%", "canary rule 'p95 >= 10%' is not understood; allowed: 'p95 <= +10%', 'error_rate <= +50%', '5xx <= +0', 'alpha = 0.05', 'latency_floor = 5ms', 'min_samples = 30'", TestName = "wrong operator")]
    [TestCase("p95 <= +10%; p95 <= +20%", "canary rule 'p95' is given twice", TestName = "duplicate")]
    [TestCase("throughput <= +5%", "canary rule 'throughput <= +5%': unknown rule 'throughput'", TestName = "unknown metric")]
    public void Rejects_with_a_message_naming_the_rule(string text, string error)
    {
        var (rules, errors) = CanaryRules.Parse(text);
        Assert.That(rules, Is.Null);
        Assert.That(errors, Does.Contain(error));
    }

    [Test]
    public void Reports_every_problem_at_once() =>
        Assert.That(CanaryRules.Parse("p95 <= 10ms; bogus; alpha = 2").Errors, Has.Count.EqualTo(3));
}
