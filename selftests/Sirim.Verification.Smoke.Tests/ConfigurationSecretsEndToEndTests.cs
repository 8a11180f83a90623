using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Smoke.Tests;

/// <summary>
/// The real suite against the reference deployment with an invalid configuration whose URL settings carry credentials
/// (a userinfo password, token-like query values): the one report lists every problem, and no output of the run (the
/// console, TRX, JUnit, Allure results, Markdown) contains any of those credentials or the deployment's own secrets.
/// Part of the smoke gate's fixture: it shares that fixture's reference deployment.
/// </summary>
public sealed partial class SmokeGateAgainstReferenceTests
{
    private const string UserinfoSecret = "Ui-S3cret-5f1c2a";
    private const string TokenSecret = "Tk-S3cret-9b7e44";
    private const string SignatureSecret = "Sg-S3cret-0d3a17";

    [Test]
    public async Task An_invalid_configuration_lists_every_problem_and_no_output_carries_a_secret()
    {
        await Reference.UseDefectAsync(null);
        var env = new Dictionary<string, string>(Reference.Environment)
        {
            // Rejected by the target options (a frontend URL takes no query): quoted in the report.
            ["SIRIM_FRONTEND_URL"] = $"{Reference.Environment["SIRIM_FRONTEND_URL"].TrimEnd('/')}/?access_token={TokenSecret}",
            // Rejected by the canary gate (no query allowed), with a password in its userinfo: quoted in the report.
            ["SIRIM_CANARY_URL"] = $"http://ops:{UserinfoSecret}@127.0.0.1:9/?token={TokenSecret}&sig={SignatureSecret}",
            // Bad settings of two more gates.
            ["SIRIM_BUDGET_P95"] = "p95 < soon",
            ["SIRIM_E2E_RETRIES"] = "9",
        };
        var run = await SuiteRunner.RunAsync(env, "Category=Smoke|Category=Canary|Category=Load", SuiteTimeout, junit: true, trx: true);

        var reportsRoot = Path.GetFullPath(Path.Combine(run.RunDirectory, "..", ".."));
        var files = Directory.EnumerateFiles(reportsRoot, "*", SearchOption.AllDirectories).ToList();
        var failed = run.Failed.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Not.EqualTo(0));
            Assert.That(failed, Is.Not.Empty, run.Describe() + "\n" + run.Output);
            Assert.That(failed.Select(r => r.Message).Distinct().Count(), Is.EqualTo(1), "one report for every test");
            Assert.That(failed.Select(r => r.Message), Is.All.StartWith("The configuration is not valid; nothing was sent to the target.")
                .And.All.Contain("frontendBaseUrl (SIRIM_FRONTEND_URL): '").And.All.Contain("/?access_token=[redacted]' must not carry a query or fragment.")
                .And.All.Contain("canary: canaryUrl (SIRIM_CANARY_URL): 'http://ops:[redacted]@127.0.0.1:9/?token=[redacted]&sig=[redacted]' is not an absolute http(s) URL without a query")
                .And.All.Contain("load: p95_budget (setting p95Budget [Environment]): ")
                .And.All.Contain("e2e: e2eRetries (SIRIM_E2E_RETRIES): '9' is not a whole number from 0 to 5."), run.Describe());
            // Every kind of output was written, so the search below has something to search.
            Assert.That(files.Select(Path.GetFileName), Has.Some.EqualTo("junit.xml").And.Some.EqualTo("results.trx").And.Some.EqualTo("go_no_go.md")
                .And.Some.EndsWith("-result.json"), string.Join("\n", files));
            Assert.That(run.Output, Does.Contain("canary: canaryUrl (SIRIM_CANARY_URL): 'http://ops:[redacted]@127.0.0.1:9/"), "the console shows the report");
        });

        var secrets = new[] { UserinfoSecret, TokenSecret, SignatureSecret, env["SIRIM_PASSWORD"], env["SIRIM_DB_MONITOR_CONNECTION"] };
        foreach (var secret in secrets)
        {
            Assert.That(run.Output, Does.Not.Contain(secret), $"the console output carries the secret '{secret[..4]}…'");
            Assert.That(SuiteRunner.FilesContaining(reportsRoot, secret), Is.Empty, $"a report file carries the secret '{secret[..4]}…'");
        }
    }
}
