using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Smoke.Tests;

/// <summary>
/// The smoke gate of the real suite against the reference target with the deployment's conventions configured
/// (readinessPath, smokeBadInputPath, loginBody, loginTokenPointer): the probes and their titles follow the settings,
/// and a token pointer that misses fails the login with the pointer and the answer's shape, never the token.
/// Part of the smoke gate's fixture: it shares that fixture's reference deployment.
/// </summary>
public sealed partial class SmokeGateAgainstReferenceTests
{
    private async Task<SuiteRunResult> RunSmokeWithSettingsAsync(Dictionary<string, string> settings)
    {
        await Reference.UseDefectAsync(null);
        var env = new Dictionary<string, string>(Reference.Environment);
        // The readiness route is moved to a route that does not depend on the database: no outage test here.
        env.Remove("SIRIM_DB_STOP_COMMAND");
        env.Remove("SIRIM_DB_START_COMMAND");
        foreach (var (key, value) in settings) env[key] = value;
        return await SuiteRunner.RunAsync(env, "Category=Smoke", SuiteTimeout);
    }

    [Test]
    public async Task Configured_routes_and_login_conventions_are_probed_and_named()
    {
        var run = await RunSmokeWithSettingsAsync(new()
        {
            ["SIRIM_READINESS_PATH"] = "/api/version",
            ["SIRIM_SMOKE_BAD_INPUT_PATH"] = "/api/gastos?empresaId=abc",
            ["SIRIM_LOGIN_BODY"] = "{\"email\":\"{username}\",\"password\":\"{password}\",\"client\":\"smoke\"}",
            ["SIRIM_LOGIN_TOKEN_POINTER"] = "/accessToken",
        });
        var evidence = run.ReadEvidence("health_readiness.md");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe() + "\n" + run.Output);
            Assert.That(run.Results.Where(r => r.Status == "passed").Select(r => r.Name), Is.SupersetOf(new[]
                { "Probe_answers_200_json_repeatedly(\"/healthz\")", "Probe_answers_200_json_repeatedly(\"/api/version\")", "Login_succeeds", "Bad_query_gets_4xx_json" }),
                run.Describe());
            Assert.That(run.Results.Select(r => r.Name), Has.None.Contains("/readyz"));
            Assert.That(evidence, Does.Contain("readiness (`/api/version`, real database check)").And.Contain("GET /api/version #1")
                .And.Contain("/api/gastos?empresaId=abc").And.Contain("\"client\":\"smoke\"").And.Not.Contain("/readyz"));
        });
        Assert.That(SuiteRunner.FilesContaining(run.RunDirectory, Reference.Environment["SIRIM_PASSWORD"]), Is.Empty, "the password was written to the reports");
    }

    [Test]
    public async Task A_token_pointer_that_misses_fails_login_with_the_pointer_and_the_answers_shape()
    {
        var run = await RunSmokeWithSettingsAsync(new() { ["SIRIM_LOGIN_TOKEN_POINTER"] = "/data/token" });
        var login = run.Failed.SingleOrDefault(f => f.Name == "Login_succeeds");
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0));
            Assert.That(run.Failed.Select(f => f.Name), Is.EquivalentTo(new[] { "Login_succeeds" }), run.Describe());
            Assert.That(login?.Message, Does.Contain("[smoke] login_succeeds: POST /api/auth/login   (severity critical · broken flow)\nExpected: 200 with a token at /data/token\n")
                .And.Contain("Actual:   login answered 200 but no token string at /data/token; the answer's shape: {\"accessToken\":")
                .And.Contain("\"tokenType\":\"<string>\",\"expiresIn\":<number>,\"user\":{")
                .And.Contain("Set loginTokenPointer (SIRIM_LOGIN_TOKEN_POINTER) to the JSON Pointer of the token"));
        });
        var jwtShaped = Directory.EnumerateFiles(run.RunDirectory, "*", SearchOption.AllDirectories)
            .Where(f => JwtPattern().IsMatch(File.ReadAllText(f))).ToList();
        Assert.That(jwtShaped, Is.Empty, "an access token was written to the reports");
    }
}
