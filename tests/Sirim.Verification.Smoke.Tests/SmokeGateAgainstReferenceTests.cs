using System.Text.RegularExpressions;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Smoke.Tests;

/// <summary>
/// The smoke gate of the real suite (the gates dll under dotnet test) against the reference target: clean, with each
/// seeded defect of the smoke gate, unreachable, and misconfigured.
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
        var run = await RunSmokeAsync(defect);
        var failed = run.Failed.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0));
            Assert.That(failed.Select(f => f.Name), Is.EquivalentTo(failingTests), run.Describe());
            Assert.That(failed.First(f => f.Name == failingTests[0]).Message,
                Does.Contain("[smoke] " + subject).And.Contain(expected).And.Contain(actual).And.Contain("Reproduce: curl"));
            Assert.That(SeededDefects.Get(defect).CaughtBy, Is.EqualTo(subject[..subject.IndexOf(':')]), "defects.json names the check that fails");
            Assert.That(run.GoNoGo, Does.Contain("| smoke | FAIL | yes |").And.Contain("NO-GO"));
        });
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
