using System.Text.RegularExpressions;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Smoke.Checks;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Smoke.Tests;

/// <summary>
/// The smoke gate of the real suite (the gates dll under dotnet test) against the reference target: clean, unreachable,
/// and misconfigured; each seeded defect of the smoke gate through the gate's library in process, test by test as its
/// fixture calls it (the suite's failure of a smoke defect is proven on the alt profile, AltProfileSuiteTests).
/// The smoke conventions' runs and the invalid configuration with credentials in its URLs (the other parts of this
/// partial class) use the same deployment: one cluster and target for all of them.
/// </summary>
[NonParallelizable]
public sealed partial class SmokeGateAgainstReferenceTests : AgainstReferenceTarget
{
    private static readonly TimeSpan SuiteTimeout = TimeSpan.FromMinutes(3);

    private async Task<SuiteRunResult> RunSmokeAsync(string? defect)
    {
        await Reference.UseDefectAsync(defect);
        return await SuiteRunner.RunAsync(Reference.Environment, "Category=Smoke", SuiteTimeout);
    }

    [Test]
    public async Task Clean_target_passes_and_writes_evidence_without_secrets()
    {
        var run = await RunSmokeAsync(null);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe() + "\n" + run.Output);
            Assert.That(run.Results.Select(r => r.Name), Is.SupersetOf(new[]
                { "Probe_answers_200_json_repeatedly(\"/healthz\")", "Probe_answers_200_json_repeatedly(\"/readyz\")", "Readiness_depends_on_the_database", "Login_succeeds", "Bad_query_gets_4xx_json" }));
            Assert.That(run.Results.Select(r => r.Status), Is.All.EqualTo("passed"), run.Describe());
            Assert.That(run.Results.All(r => r.Labels.Contains("epic=smoke") && r.AttachmentCount > 0), Is.True, "every result carries the gate label and its raw exchanges");
            Assert.That(run.GoNoGo, Does.Contain("| smoke | PASS | yes |"));
            Assert.That(run.ReadEvidence("health_readiness.md"), Does.Contain("/readyz while the database is stopped").And.Contain("503"));
        });

        var env = Reference.Environment;
        var monitorPassword = Regex.Match(env["SIRIM_DB_MONITOR_CONNECTION"], "Password=([^;]+)").Groups[1].Value;
        foreach (var secret in new[] { env["SIRIM_PASSWORD"], monitorPassword, env["SIRIM_DB_MONITOR_CONNECTION"] })
            Assert.That(SuiteRunner.FilesContaining(run.RunDirectory, secret), Is.Empty, "a secret value was written to the reports");
        var jwtShaped = Directory.EnumerateFiles(run.RunDirectory, "*", SearchOption.AllDirectories)
            .Where(f => JwtPattern().IsMatch(File.ReadAllText(f))).ToList();
        Assert.That(jwtShaped, Is.Empty, "an access token was written to the reports");
    }

    [TestCase("readyz_ignores_database", new[] { "Readiness_depends_on_the_database" }, "readiness_depends_on_database: GET /readyz (database stopped)",
        "Expected: 503 with a JSON body while the database is down", "Actual:   200 OK")]
    [TestCase("healthz_html", new[] { "Probe_answers_200_json_repeatedly(\"/healthz\")" }, "health_json: GET /healthz",
        "Expected: Content-Type application/json", "Actual:   Content-Type text/html")]
    [TestCase("gastos_500_on_bad_query", new[] { "Bad_query_gets_4xx_json" }, "error_not_5xx: GET /api/gastos?empresaId=not-a-number",
        "Expected: a 4xx JSON error", "Actual:   500")]
    // A liveness probe that is not 200 also fails the readiness test's "liveness stays 200 while the database is down".
    [TestCase("healthz_degraded_503", new[] { "Probe_answers_200_json_repeatedly(\"/healthz\")", "Readiness_depends_on_the_database" },
        "health_status_200: GET /healthz", "Expected: 200", "Actual:   503 Service Unavailable")]
    [TestCase("readyz_stuck_starting", new[] { "Probe_answers_200_json_repeatedly(\"/readyz\")" },
        "health_status_word: GET /readyz", "Expected:", "starting")]
    public async Task Each_seeded_defect_fails_exactly_its_check(string defect, string[] failingTests, string subject, string expected, string actual)
    {
        var tests = await RunSmokeInProcessAsync(Reference, defect);
        var failed = tests.Where(t => t.Value.Count > 0).ToDictionary(t => t.Key, t => string.Join("\n", t.Value));
        var described = string.Join("\n", tests.Select(t => $"  {(t.Value.Count > 0 ? "failed" : "passed"),-7} {t.Key}"));
        Assert.Multiple(() =>
        {
            Assert.That(tests.Keys, Is.SupersetOf(failingTests), "the tests of the smoke gate");
            Assert.That(failed.Keys, Is.EquivalentTo(failingTests), described);
            Assert.That(failed.GetValueOrDefault(failingTests[0]),
                Does.Contain("[smoke] " + subject).And.Contain(expected).And.Contain(actual).And.Contain("Reproduce: curl"));
            Assert.That(SeededDefects.Get(defect).CaughtBy, Is.EqualTo(subject[..subject.IndexOf(':')]), "defects.json names the check that fails");
        });
    }

    /// <summary>
    /// The smoke gate's library against the target with <paramref name="defect"/> on, with the settings a suite run would
    /// see, test by test as the gate's fixture calls it: each test's name and its failures in the standard shape (none: it passes).
    /// <paramref name="runSettings"/>: the runsettings file of the deployment's conventions.
    /// </summary>
    internal static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> RunSmokeInProcessAsync(ReferenceFixture reference, string defect,
        string runSettings = "runsettings/reference.runsettings")
    {
        await reference.UseDefectAsync(defect);
        var options = ReferenceSettings.Load(reference.Environment, runSettings).Options!;
        using var client = new ExchangeClient(options.RequestTimeout, options.TlsSkipVerify);
        var gate = new SmokeGate(options, client);
        var ct = CancellationToken.None;
        static IReadOnlyList<string> Failures(IEnumerable<CheckOutcome> outcomes) =>
            outcomes.Where(o => o.Failed).Select(o => FailureRenderer.Render(o, Redactor.None)).ToList();
        // In the order NUnit runs the fixture's tests (by name): the database outage comes last, as in a suite run.
        var tests = new Dictionary<string, IReadOnlyList<string>>();
        var auth = await Authenticator.AuthenticateAsync(options, client, ct);
        tests["Bad_query_gets_4xx_json"] = Failures([(await gate.ProbeBadQueryAsync(auth, ct)).Outcome]);
        auth = await Authenticator.AuthenticateAsync(options, client, ct);
        tests["Login_succeeds"] = auth.Succeeded ? [] : [$"[smoke] login_succeeds: POST {options.Auth.LoginPath}\nActual:   {auth.Problem}"];
        foreach (var path in new[] { options.Health.Liveness, options.Health.Readiness }.Distinct(StringComparer.Ordinal))
            tests[$"Probe_answers_200_json_repeatedly(\"{path}\")"] = Failures((await gate.ProbeRepeatedlyAsync(path, ct)).SelectMany(r => r.Outcomes));
        Assert.That(options.DatabaseControl.IsConfigured, Is.True, "the reference deployment lets the gate stop its database");
        var (observation, _) = await gate.ObserveDatabaseOutageAsync(TimeSpan.FromSeconds(30), ct);
        tests["Readiness_depends_on_the_database"] = Failures(ReadinessDependsOnDatabase.Evaluate(observation));
        return tests;
    }

    [Test]
    public void Every_smoke_defect_of_the_catalogue_has_a_case_above()
    {
        var cases = CaseArguments(nameof(Each_seeded_defect_fails_exactly_its_check)).Select(a => (string)a[0]!);
        Assert.That(SeededDefects.OfGate("smoke").Select(d => d.Id), Is.EquivalentTo(cases), "each smoke defect of defects.json has exactly one case");
    }

    [Test]
    public async Task Unreachable_target_fails_every_gate_in_seconds_with_the_url_and_reason()
    {
        var env = new Dictionary<string, string>(Reference.Environment) { ["SIRIM_API_URL"] = "http://127.0.0.1:9" };
        env.Remove("SIRIM_DB_STOP_COMMAND");
        env.Remove("SIRIM_DB_START_COMMAND");
        var run = await SuiteRunner.RunAsync(env, "Category=Smoke", SuiteTimeout);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0));
            Assert.That(run.Results, Is.Not.Empty);
            Assert.That(run.Results.Where(r => r.Status != "skipped").Select(r => r.Message),
                Is.All.StartWith("the target is unreachable: GET http://127.0.0.1:9/healthz → no response: Connection refused"), run.Describe());
            Assert.That(run.Elapsed, Is.LessThan(TimeSpan.FromSeconds(90)), "fails fast instead of waiting on each request's timeout");
        });
    }

    [Test]
    public async Task Invalid_configuration_lists_every_problem_and_sends_nothing()
    {
        var env = new Dictionary<string, string> { ["SIRIM_API_URL"] = "api.sirim.example", ["SIRIM_SMOKE_REPEAT"] = "0" };
        var run = await SuiteRunner.RunAsync(env, "Category=Smoke", SuiteTimeout);
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0));
            Assert.That(run.Failed.Select(r => r.Message), Is.All.Contain("The configuration is not valid; nothing was sent to the target.")
                .And.All.Contain("apiBaseUrl (SIRIM_API_URL): 'api.sirim.example' is not an absolute http(s) URL.")
                .And.All.Contain("smokeRepeat (SIRIM_SMOKE_REPEAT): '0' is not a whole number from 1 to 100."), run.Describe());
        });
    }

    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.")]
    private static partial Regex JwtPattern();
}
