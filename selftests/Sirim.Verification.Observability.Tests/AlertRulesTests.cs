using Sirim.Verification.Observability.Alerts;

namespace Sirim.Verification.Observability.Tests;

/// <summary>Finding the p95-latency and 5xx-rate alerts in a rules file; promtool on a valid and a broken file.</summary>
public sealed class AlertRulesTests
{
    [TestCase("histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m]))) > 0.3", true, TestName = "histogram p95")]
    [TestCase("histogram_quantile( .95 , rate(x_bucket[5m])) > 0.3", true, TestName = "histogram p95 spaced, no leading zero")]
    [TestCase("x_seconds{quantile=\"0.95\"} > 0.3", true, TestName = "summary quantile 0.95")]
    [TestCase("histogram_quantile(0.99, rate(x_bucket[5m])) > 1", false, TestName = "p99 only")]
    [TestCase("avg(rate(x_sum[5m]) / rate(x_count[5m])) > 0.3", false, TestName = "mean latency")]
    public void Recognises_a_p95_latency_alert(string expr, bool expected) =>
        Assert.That(AlertRules.IsP95Latency(new AlertRule("g", "a", true, expr)), Is.EqualTo(expected));

    [TestCase("sum(rate(req_total{status=~\"5..\"}[5m])) > 0", true, TestName = "status=~5..")]
    [TestCase("sum(rate(req_total{code=~\"5xx\"}[5m])) > 0", true, TestName = "code=~5xx")]
    [TestCase("sum(rate(req_total{status_code=~\"^5.*\"}[5m])) > 0", true, TestName = "status_code anchored")]
    [TestCase("sum(rate(req_total{status=\"503\"}[5m])) > 0", true, TestName = "one 5xx status")]
    [TestCase("sum(rate(req_total{status=~\"4..\"}[5m])) > 0", false, TestName = "4xx only")]
    [TestCase("sum(rate(errors_total[5m])) > 0", false, TestName = "no status matcher")]
    public void Recognises_a_5xx_rate_alert(string expr, bool expected) =>
        Assert.That(AlertRules.Is5xxRate(new AlertRule("g", "a", true, expr)), Is.EqualTo(expected));

    [Test]
    public void A_recording_rule_is_not_an_alert() =>
        Assert.That(AlertRules.IsP95Latency(new AlertRule("g", "p95", false, "histogram_quantile(0.95, rate(x_bucket[5m]))")), Is.False);

    [Test]
    public void Reads_groups_and_rules()
    {
        var (rules, error) = AlertRules.Read("groups:\n  - name: slo\n    rules:\n      - record: job:p95\n        expr: histogram_quantile(0.95, x)\n      - alert: High\n        expr: up == 0\n");
        Assert.That(error, Is.Null);
        Assert.That(rules, Is.EqualTo(new[] { new AlertRule("slo", "job:p95", false, "histogram_quantile(0.95, x)"), new AlertRule("slo", "High", true, "up == 0") }));
    }

    [TestCase("groups: [", "not YAML: ", TestName = "not YAML")]
    [TestCase("rules: []", "no 'groups' list at the top", TestName = "no groups")]
    public void Says_why_a_file_is_not_read(string yaml, string error) => Assert.That(AlertRules.Read(yaml).Error, Does.StartWith(error));

    [Test]
    public async Task Promtool_accepts_the_reference_release_rules_and_refuses_a_broken_expression()
    {
        if (Promtool.Find() is null) Assert.Ignore("promtool is not installed (scripts/bootstrap.sh installs the Debian package prometheus)");
        var good = Path.Combine(Sirim.Verification.Core.RepositoryRoot.Find(), "release", "reference", "alert-rules.yml");
        var bad = Path.Combine(TestContext.CurrentContext.WorkDirectory, "broken-rules.yml");
        await File.WriteAllTextAsync(bad, "groups:\n  - name: g\n    rules:\n      - alert: Broken\n        expr: sum(rate(x[5m]) >\n");
        var accepted = await Promtool.CheckRulesAsync(good, CancellationToken.None);
        var refused = await Promtool.CheckRulesAsync(bad, CancellationToken.None);
        Assert.That(accepted.ExitCode, Is.EqualTo(0), accepted.Output);
        Assert.That(accepted.Output, Does.Contain("SUCCESS: 3 rules found"));
        Assert.That(refused.ExitCode, Is.Not.EqualTo(0));
        Assert.That(refused.Output, Does.Contain("FAILED"));
    }
}
