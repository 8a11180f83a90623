using Sirim.Verification.Load.Thresholds;

namespace Sirim.Verification.Load.Tests;

public sealed class ThresholdParserTests
{
    private static IEnumerable<TestCaseData> ValidCases()
    {
        static TestCaseData Case(string name, string text, string? scope, ThresholdMetric metric, double percentile, ThresholdOperator op, double limit) =>
            new TestCaseData(text, scope, metric, percentile, op, limit).SetName(name);

        yield return Case("p95 in milliseconds", "p95 < 300ms", null, ThresholdMetric.Percentile, 95, ThresholdOperator.LessThan, 300_000);
        yield return Case("p99 in seconds, at most", "p99 <= 1s", null, ThresholdMetric.Percentile, 99, ThresholdOperator.LessOrEqual, 1_000_000);
        yield return Case("fractional percentile in microseconds, no spaces", "p99.9<250us", null, ThresholdMetric.Percentile, 99.9, ThresholdOperator.LessThan, 250);
        yield return Case("fractional seconds", "P95 < 1.5s", null, ThresholdMetric.Percentile, 95, ThresholdOperator.LessThan, 1_500_000);
        yield return Case("error rate as a percentage", "error_rate < 1%", null, ThresholdMetric.ErrorRate, 0, ThresholdOperator.LessThan, 0.01);
        yield return Case("error rate as a fraction", "error_rate <= 0.05", null, ThresholdMetric.ErrorRate, 0, ThresholdOperator.LessOrEqual, 0.05);
        yield return Case("rps plain", "rps > 50", null, ThresholdMetric.Rps, 0, ThresholdOperator.GreaterThan, 50);
        yield return Case("rps per second unit", "rps >= 50/s", null, ThresholdMetric.Rps, 0, ThresholdOperator.GreaterOrEqual, 50);
        yield return Case("fail count", "fail_count == 0", null, ThresholdMetric.FailCount, 0, ThresholdOperator.Equal, 0);
        yield return Case("scoped to a step", "list_gastos: p95 < 200ms", "list_gastos", ThresholdMetric.Percentile, 95, ThresholdOperator.LessThan, 200_000);
        yield return Case("mean with surrounding spaces", "  mean < 20ms ", null, ThresholdMetric.Mean, 0, ThresholdOperator.LessThan, 20_000);
        yield return Case("avg is mean", "avg < 20ms", null, ThresholdMetric.Mean, 0, ThresholdOperator.LessThan, 20_000);
        yield return Case("max", "max <= 2s", null, ThresholdMetric.Max, 0, ThresholdOperator.LessOrEqual, 2_000_000);
        yield return Case("dropped iterations", "dropped == 0", null, ThresholdMetric.Dropped, 0, ThresholdOperator.Equal, 0);
        yield return Case("scoped ok count", "login: ok_count >= 10", "login", ThresholdMetric.OkCount, 0, ThresholdOperator.GreaterOrEqual, 10);
    }

    [TestCaseSource(nameof(ValidCases))]
    public void Parses_valid_thresholds(string text, string? scope, ThresholdMetric metric, double percentile, ThresholdOperator op, double limit)
    {
        Assert.That(ThresholdParser.TryParse(text, out var threshold, out var error), Is.True, error);
        Assert.Multiple(() =>
        {
            Assert.That(threshold!.Scope, Is.EqualTo(scope));
            Assert.That(threshold.Metric, Is.EqualTo(metric));
            Assert.That(threshold.Percentile, Is.EqualTo(percentile));
            Assert.That(threshold.Operator, Is.EqualTo(op));
            Assert.That(threshold.Limit, Is.EqualTo(limit).Within(1e-9));
            Assert.That(threshold.Text, Is.EqualTo(text.Trim()));
        });
    }

    private static IEnumerable<TestCaseData> InvalidCases()
    {
        static TestCaseData Case(string name, string text, string error) => new TestCaseData(text, error).SetName(name);

        yield return Case("empty", "",
            "threshold \"\" is invalid: it is empty; write \"<metric> <operator> <limit>\", optionally prefixed by \"<step>: \", e.g. \"p95 < 300ms\" or \"list_gastos: p95 < 200ms\"");
        yield return Case("no operator", "p95 300ms",
            "threshold \"p95 300ms\" is invalid: it has no comparison operator; allowed operators: <, <=, >, >=, ==; write \"<metric> <operator> <limit>\", optionally prefixed by \"<step>: \", e.g. \"p95 < 300ms\" or \"list_gastos: p95 < 200ms\"");
        yield return Case("single equals", "p95 = 300ms",
            "threshold \"p95 = 300ms\" is invalid: operator '=' is not allowed; allowed operators: <, <=, >, >=, ==");
        yield return Case("not equal", "fail_count != 0",
            "threshold \"fail_count != 0\" is invalid: operator '!=' is not allowed; allowed operators: <, <=, >, >=, ==");
        yield return Case("latency without unit", "p95 < 300",
            "threshold \"p95 < 300\" is invalid: latency limit '300' has no unit; allowed units: us, ms, s (e.g. 300ms, 1.5s)");
        yield return Case("unknown latency unit", "p95 < 300sec",
            "threshold \"p95 < 300sec\" is invalid: unknown latency unit 'sec' in '300sec'; allowed units: us, ms, s (e.g. 300ms, 1.5s)");
        yield return Case("percentile above 100", "p101 < 1s",
            "threshold \"p101 < 1s\" is invalid: percentile 'p101' is out of range; write p<N> with 0 < N <= 100 (e.g. p95, p99.9)");
        yield return Case("percentile zero", "p0 < 1s",
            "threshold \"p0 < 1s\" is invalid: percentile 'p0' is out of range; write p<N> with 0 < N <= 100 (e.g. p95, p99.9)");
        yield return Case("unknown metric", "latency < 1s",
            "threshold \"latency < 1s\" is invalid: unknown metric 'latency'; allowed metrics: p<N> (0 < N <= 100, e.g. p95, p99.9), min, mean (or avg), max, error_rate, rps, count, ok_count, fail_count, dropped");
        yield return Case("ambiguous error rate", "error_rate < 5",
            "threshold \"error_rate < 5\" is invalid: error_rate limit '5' is ambiguous; write a percentage (5%) or a fraction between 0 and 1 (e.g. 0.01)");
        yield return Case("error rate above 100 percent", "error_rate < 150%",
            "threshold \"error_rate < 150%\" is invalid: error_rate limit '150%' is above 100%; write a percentage between 0% and 100% (e.g. 1%)");
        yield return Case("rps with a unit", "rps > 50rps",
            "threshold \"rps > 50rps\" is invalid: rps limit '50rps' has unit 'rps'; rps is requests per second: write a plain number (e.g. rps > 50)");
        yield return Case("fractional count", "fail_count == 1.5",
            "threshold \"fail_count == 1.5\" is invalid: fail_count limit '1.5' must be a whole number (e.g. fail_count == 0)");
        yield return Case("empty scope", ": p95 < 1s",
            "threshold \": p95 < 1s\" is invalid: the step name before ':' is empty; write \"<metric> <operator> <limit>\", optionally prefixed by \"<step>: \", e.g. \"p95 < 300ms\" or \"list_gastos: p95 < 200ms\"");
        yield return Case("dropped scoped to a step", "list_gastos: dropped == 0",
            "threshold \"list_gastos: dropped == 0\" is invalid: 'dropped' counts iterations of the whole scenario; it cannot be scoped to step 'list_gastos' (write \"dropped == 0\")");
        yield return Case("missing limit", "p95 <",
            "threshold \"p95 <\" is invalid: the limit after '<' is missing; e.g. \"p95 < 300ms\"");
        yield return Case("missing metric", "< 300ms",
            "threshold \"< 300ms\" is invalid: the metric before '<' is missing; allowed metrics: p<N> (0 < N <= 100, e.g. p95, p99.9), min, mean (or avg), max, error_rate, rps, count, ok_count, fail_count, dropped");
        yield return Case("negative limit", "p95 < -5ms",
            "threshold \"p95 < -5ms\" is invalid: limit '-5ms' is not a number (0 or more) followed by an optional unit; e.g. \"p95 < 300ms\"");
    }

    [TestCaseSource(nameof(InvalidCases))]
    public void Refuses_invalid_thresholds_saying_what_why_and_what_is_allowed(string text, string expectedError)
    {
        Assert.That(ThresholdParser.TryParse(text, out var threshold, out var error), Is.False);
        Assert.That(threshold, Is.Null);
        Assert.That(error, Is.EqualTo(expectedError));
    }

    [Test]
    public void ParseAll_reports_every_error_not_only_the_first()
    {
        var (thresholds, errors) = ThresholdParser.ParseAll(["p95 < 300ms", "p95 < 300", "rps > 50", "latency < 1s"]);

        Assert.That(thresholds.Select(t => t.Text), Is.EqualTo(new[] { "p95 < 300ms", "rps > 50" }));
        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors[0], Does.StartWith("threshold \"p95 < 300\" is invalid"));
        Assert.That(errors[1], Does.StartWith("threshold \"latency < 1s\" is invalid"));
    }

    [TestCase("p95 < 300ms", true, TestName = "latency upper bound is checked during the run")]
    [TestCase("error_rate < 1%", true, TestName = "error rate upper bound is checked during the run")]
    [TestCase("fail_count == 0", true, TestName = "no failures is checked during the run")]
    [TestCase("dropped == 0", true, TestName = "no drops is checked during the run")]
    [TestCase("rps > 50", false, TestName = "rps lower bound waits for the end")]
    [TestCase("count >= 1000", false, TestName = "count lower bound waits for the end")]
    [TestCase("min < 1ms", false, TestName = "min upper bound waits for the end")]
    [TestCase("p95 > 1ms", false, TestName = "latency lower bound waits for the end")]
    public void Knows_which_thresholds_may_abort_a_running_load(string text, bool checkedDuringRun)
    {
        ThresholdParser.TryParse(text, out var threshold, out _);
        Assert.That(threshold!.CheckedDuringRun, Is.EqualTo(checkedDuringRun));
    }

    [TestCase("p95 < 300ms", 299_999.0, true)]
    [TestCase("p95 < 300ms", 300_000.0, false)]
    [TestCase("p95 <= 300ms", 300_000.0, true)]
    [TestCase("rps > 50", 50.0, false)]
    [TestCase("rps >= 50", 50.0, true)]
    [TestCase("fail_count == 0", 0.0, true)]
    [TestCase("fail_count == 0", 1.0, false)]
    public void Compares_actual_values_with_the_limit(string text, double actual, bool satisfied)
    {
        ThresholdParser.TryParse(text, out var threshold, out _);
        Assert.That(threshold!.IsSatisfiedBy(actual), Is.EqualTo(satisfied));
    }

    [TestCase("p95 < 300ms", "< 300.0 ms")]
    [TestCase("p99 <= 1.5s", "<= 1500.0 ms")]
    [TestCase("error_rate < 1%", "< 1.00%")]
    [TestCase("rps > 50", "> 50.0/s")]
    [TestCase("fail_count == 0", "== 0")]
    public void Renders_the_limit_in_display_units(string text, string limitText)
    {
        ThresholdParser.TryParse(text, out var threshold, out _);
        Assert.That(threshold!.LimitText, Is.EqualTo(limitText));
    }
}
