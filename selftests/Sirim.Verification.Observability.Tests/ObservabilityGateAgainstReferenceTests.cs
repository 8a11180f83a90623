using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Observability.Alerts;
using Sirim.Verification.Observability.Checks;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Observability.Tests;

/// <summary>
/// The observability gate's library, in this process, against the reference target: clean (every check passes, one
/// real restart of the target), and each seeded observability defect (exactly its check fails, saying why).
/// </summary>
[NonParallelizable]
public sealed class ObservabilityGateAgainstReferenceTests : AgainstReferenceTarget
{
    private static readonly string Root = RepositoryRoot.Find();

    private (ObservabilityOptions Options, TargetOptions Target) Load(IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>(Reference.Environment)
        {
            ["SIRIM_ALERT_RULES_FILE"] = "release/reference/alert-rules.yml",
            ["SIRIM_RESTART_READY_SECONDS"] = "30",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) env[k] = v;
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        var options = ObservabilityOptions.From(loaded.Options!, p => Path.IsPathRooted(p) ? p : Path.Combine(Root, p));
        Assert.That(options.Errors, Is.Empty);
        return (options.Options!, loaded.Options!);
    }

    private static async Task<ObservabilityResult> RunAsync(ObservabilityOptions options, TargetOptions target)
    {
        using var client = new ExchangeClient(target.RequestTimeout, target.TlsSkipVerify);
        return await new ObservabilityGate(options, client, new Redactor(target.SecretValues)).RunAsync(null, DateTimeOffset.UtcNow, CancellationToken.None);
    }

    [Test, Order(1)]
    public async Task Clean_target_passes_every_check_after_a_real_restart()
    {
        await Reference.UseDefectAsync(null);
        var (options, target) = Load();
        var pidBefore = Reference.Deployment.Target!.ProcessId;
        var restartsBefore = Reference.Deployment.Target.Restarts;
        var result = await RunAsync(options, target);

        var failures = FailureRenderer.RenderAll(result.Outcomes, Redactor.None);
        Assert.That(failures, Is.Empty);
        var ran = result.Outcomes.Where(o => o.Status == CheckStatus.Passed).Select(o => o.CheckId).Distinct().Order().ToList();
        var expected = new List<string> { MetricsExposed.Id, MetricsLatencyHistogram.Id, MetricsRequestsByStatus.Id, MetricsPoolSize.Id,
            MetricsCountersMove.Id, AlertRulePresent.P95Id, AlertRulePresent.FiveXxId, RestartHealthStable.Id, RequestIdPresent.Id, RequestIdEchoed.Id };
        if (Promtool.Find() is not null) expected.Add(AlertRulesValid.Id);
        Assert.That(ran, Is.EqualTo(expected.Order().ToList()));
        Assert.Multiple(() =>
        {
            Assert.That(Reference.Deployment.Target.Restarts, Is.EqualTo(restartsBefore + 1), "the restart command restarted the target once");
            Assert.That(Reference.Deployment.Target.ProcessId, Is.Not.EqualTo(pidBefore), "a new process serves after the restart");
            Assert.That(result.Outcomes.Single(o => o.CheckId == MetricsPoolSize.Id).Actual, Is.EqualTo("20"));
            Assert.That(result.Inputs.Restart!.Timeline.Count(p => p.Phase == "stable"), Is.EqualTo(2 * options.StableProbes));
        });
        var report = ObservabilityReport.Render(result, "reference", new Redactor(target.SecretValues)).ToString();
        Assert.That(report, Does.Contain("**Verdict: PASS**").And.Contain("## Restart").And.Contain("| +").And.Contain("# TYPE http_server_requests_total counter")
            .And.Contain("SirimApiP95LatencyHigh").And.Contain("| GET /healthz | sirim-verify-"));
        Assert.That(report, Does.Not.Contain(Reference.Deployment.SeedPassword).And.Not.Contain(Reference.Deployment.JwtSecret));
    }

    [TestCase("metrics_latency_histogram_missing", "Actual:   no such metric family", false)]
    [TestCase("metrics_counters_frozen", "(+0) across 5 GET /readyz", false)]
    [TestCase("request_id_not_echoed", "Expected: X-Request-Id: sirim-verify-", false)]
    [TestCase("readyz_flaps_after_start", "stability probe(s) not 200; first: /readyz at +", true)]
    public async Task Each_observability_defect_fails_exactly_its_check(string defect, string actual, bool restart)
    {
        var caughtBy = SeededDefects.Get(defect).CaughtBy;
        await Reference.UseDefectAsync(defect);
        // The restart (a few seconds) only where the defect is about it.
        var (options, target) = Load(restart ? null : new Dictionary<string, string> { ["SIRIM_RESTART_COMMAND"] = "" });
        var result = await RunAsync(options, target);
        var message = FailureRenderer.RenderAll(result.Outcomes, Redactor.None);
        Assert.That(result.Outcomes.Where(o => o.Failed).Select(o => o.CheckId).Distinct(), Is.EqualTo(new[] { caughtBy }), message);
        Assert.That(message, Does.Contain($"[observability] {caughtBy}").And.Contain(actual).And.Contain("Hint:"));
    }

    [Test]
    public void Every_observability_defect_of_the_catalogue_has_a_case() =>
        Assert.That(CaseArguments(nameof(Each_observability_defect_fails_exactly_its_check)).Select(a => (string)a[0]!),
            Is.EquivalentTo(SeededDefects.OfGate("observability").Select(d => d.Id)));
}
