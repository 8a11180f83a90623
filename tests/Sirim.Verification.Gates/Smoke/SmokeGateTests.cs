using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Gates.Infrastructure;
using Sirim.Verification.Smoke;
using Sirim.Verification.Smoke.Checks;

namespace Sirim.Verification.Gates.Smoke;

/// <summary>The smoke gate: liveness and readiness (livenessPath, readinessPath), readiness against a database outage, login, bad input.</summary>
[Gate(SmokeGate.Name), Description("Health and readiness"), Order(1)]
public sealed class SmokeGateTests : GateTest
{
    private readonly List<SmokeProbeRecord> _evidence = [];
    private readonly List<string> _commands = [];
    private string _readinessVerdict = "NOT RUN";

    /// <summary>The configured liveness and readiness routes (environment, then the runsettings, then the defaults): they name the test cases.</summary>
    public static IEnumerable<string> HealthRoutes()
    {
        var source = SettingsSource.FromProcess(key => TestContext.Parameters.Get(key));
        return new[] { SettingsCatalog.LivenessPath, SettingsCatalog.ReadinessPath }
            .Select(d => source.Get(d) ?? d.Default!).Distinct(StringComparer.Ordinal);
    }

    [TestCaseSource(nameof(HealthRoutes)), Severity("blocker")]
    [Description("answers 200 JSON several times in a row")]
    public async Task Probe_answers_200_json_repeatedly(string path)
    {
        using var client = Suite.NewClient();
        var gate = new SmokeGate(Suite.Options, client);
        var results = await Allure.StepAsync($"GET {path} × {Suite.Options.SmokeRepeat}", () => gate.ProbeRepeatedlyAsync(path, CancellationToken.None));
        for (var i = 0; i < results.Count; i++)
        {
            Attach(results[i].Exchange, $"GET {path} #{i + 1} → {results[i].Exchange.Status?.ToString() ?? "no response"}");
            _evidence.Add(new($"GET {path} #{i + 1}", results[i].Exchange));
        }
        var ok = results.Count(r => r.Outcomes.All(o => !o.Failed));
        var maxMs = results.Max(r => r.Exchange.Elapsed.TotalMilliseconds);
        Suite.Ledger.AddFigure(SmokeGate.Name, new KeyFigure($"{path} 200 JSON", $"{ok}/{results.Count} (max {maxMs:0} ms)", $"{results.Count}/{results.Count}", ok == results.Count));
        AssertOutcomes(results.SelectMany(r => r.Outcomes));
    }

    [Test, Severity("critical")]
    [Description("readiness depends on the database; liveness does not")]
    public async Task Readiness_depends_on_the_database()
    {
        if (!Suite.Options.DatabaseControl.IsConfigured)
            Assert.Ignore("NOT RUN: no database control configured (dbStopCommand / dbStartCommand); on a real deployment prove it in a maintenance window or on staging.");
        using var client = Suite.NewClient();
        var gate = new SmokeGate(Suite.Options, client);
        var (ready, live) = (Suite.Options.Health.Readiness, Suite.Options.Health.Liveness);
        var (observation, commands) = await Allure.StepAsync($"stop the database, probe {ready} and {live}, start it again",
            () => gate.ObserveDatabaseOutageAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        _commands.AddRange(HealthReadinessReport.OutageTranscript(Suite.Options.DatabaseControl, commands));
        foreach (var probe in HealthReadinessReport.OutageProbes(observation, Suite.Options.Health))
        {
            Attach(probe.Exchange, probe.Title);
            _evidence.Add(probe);
        }
        var outcomes = ReadinessDependsOnDatabase.Evaluate(observation);
        _readinessVerdict = outcomes.Any(o => o.Failed) ? "FAIL" : "PASS";
        Suite.Ledger.AddFigure(SmokeGate.Name, new KeyFigure($"{ready} with database down", observation.ReadyWhileDown.Status?.ToString() ?? "no response", "503", observation.ReadyWhileDown.Status == 503));
        if (observation.RecoveryTime is { } recovery)
            Suite.Ledger.AddFigure(SmokeGate.Name, new KeyFigure("readiness recovery", $"{recovery.TotalMilliseconds:0} ms", "30 s", true));
        AssertOutcomes(outcomes);
    }

    [Test, Severity("blocker")]
    [Description("the verification user can log in")]
    public async Task Login_succeeds()
    {
        using var client = Suite.NewClient();
        var auth = await Allure.StepAsync("log in", () => Authenticator.AuthenticateAsync(Suite.Options, client, CancellationToken.None));
        if (auth.Exchange is not null)
        {
            Attach(auth.Exchange, "login");
            _evidence.Add(new("login", auth.Exchange));
        }
        AssertOutcomes([LoginSucceeds.Evaluate(Suite.Options, auth)]);
    }

    [Test, Severity("critical")]
    [Description("bad input gets a 4xx JSON error, not a 5xx")]
    public async Task Bad_query_gets_4xx_json()
    {
        using var client = Suite.NewClient();
        var auth = await Authenticator.AuthenticateAsync(Suite.Options, client, CancellationToken.None);
        var gate = new SmokeGate(Suite.Options, client);
        var (exchange, outcome) = await Allure.StepAsync($"GET {gate.BadQueryPath}", () => gate.ProbeBadQueryAsync(auth, CancellationToken.None));
        Attach(exchange);
        _evidence.Add(new("bad query string", exchange));
        AssertOutcomes([outcome]);
    }

    [OneTimeTearDown]
    public void WriteEvidence()
    {
        if (Suite.Loaded.Options is null) return;
        var doc = HealthReadinessReport.Render(Suite.Options, _evidence, _commands, _readinessVerdict, Suite.Redactor);
        Suite.Ledger.AddEvidence(SmokeGate.Name, Suite.Run.WriteMarkdown(SmokeGate.EvidenceFile, doc));
    }
}
