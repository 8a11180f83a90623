using Sirim.Verification.Canary.Probing;
using Sirim.Verification.Canary.Rollback;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Canary.Tests.Canary;

/// <summary>
/// The rollback action on judged synthetic samples: rollback_event.md and the command exactly once on ROLLBACK, nothing at
/// all on PROMOTE or INCONCLUSIVE; the command bounded in time and its output redacted.
/// </summary>
public sealed class RollbackEventTests
{
    private static readonly CanaryOptions Options = new(new Uri("http://127.0.0.1:5001"), new Uri("http://127.0.0.1:5002"), ["/readyz"],
        100, 1, TimeSpan.FromSeconds(60), 0, CanaryRules.Default);

    private string _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = Directory.CreateTempSubdirectory("sirim-rollback-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, true);

    private static IEnumerable<ProbeSample> Side(Side side, double offsetMs, int count = 100) =>
        Enumerable.Range(0, count).Select(i => new ProbeSample(side, "/readyz", 200, 10 + offsetMs + i * 0.1, null));

    private static CanaryResult Judge(double canaryOffsetMs, int count = 100) => CanaryGate.Judge(Options,
        new ProbeRun(Side(Probing.Side.Baseline, 0, count).Concat(Side(Probing.Side.Canary, canaryOffsetMs, count)).ToList(), [], count, 0, false, TimeSpan.FromSeconds(1)));

    private EvidenceRun Run(params string[] secrets) => new(Path.Combine(_dir, "run"), "staging", "r1", new Redactor(secrets));

    private string Marker => Path.Combine(_dir, "rollbacks.log");

    private RollbackOptions AppendLine() => RollbackOptions.From($"echo rolled-back >> '{Marker}'", "10").Options!;

    private string[] MarkerLines => File.Exists(Marker) ? File.ReadAllLines(Marker) : [];

    [Test]
    public async Task Rollback_verdict_runs_the_command_once_and_records_the_event()
    {
        var run = Run();
        var result = Judge(60);
        Assert.That(result.Decision.Verdict, Is.EqualTo(CanaryVerdict.Rollback));
        var handled = await RollbackEvent.HandleAsync(result, AppendLine(), run, [Path.Combine(run.Directory, "canary_analysis.md")], CancellationToken.None);
        var md = File.ReadAllText(handled!.EventFile);
        Assert.Multiple(() =>
        {
            Assert.That(MarkerLines, Is.EqualTo(new[] { "rolled-back" }), "exactly one run of the command");
            Assert.That(handled.Command!.ExitCode, Is.Zero);
            Assert.That(Path.GetFileName(handled.EventFile), Is.EqualTo("rollback_event.md"));
            Assert.That(md, Does.StartWith("# Rollback event — staging\n\n**Canary verdict: ROLLBACK** at "));
            Assert.That(md, Does.Contain("| canary_p95_increase | p95 at most +10% over the baseline").And.Contain("| p95 79.4 ms vs baseline 19.4 ms (+309.3 %)"));
            Assert.That(md, Does.Contain("| canary p95 | 79.4 ms vs 19.4 ms | +10% | **no** |"));
            Assert.That(md, Does.Contain($"| command | echo rolled-back >> '{Marker}' |").And.Contain("| result | exit code 0 |"));
            Assert.That(md, Does.Contain("- [canary_analysis.md](canary_analysis.md)"));
        });
    }

    [Test]
    public async Task Promote_and_inconclusive_verdicts_run_nothing_and_write_nothing()
    {
        var run = Run();
        var promote = Judge(0);
        var inconclusive = Judge(60, count: 10);
        Assert.That(promote.Decision.Verdict, Is.EqualTo(CanaryVerdict.Promote));
        Assert.That(inconclusive.Decision.Verdict, Is.EqualTo(CanaryVerdict.Inconclusive));
        Assert.That(await RollbackEvent.HandleAsync(promote, AppendLine(), run, [], CancellationToken.None), Is.Null);
        Assert.That(await RollbackEvent.HandleAsync(inconclusive, AppendLine(), run, [], CancellationToken.None), Is.Null);
        Assert.That(MarkerLines, Is.Empty);
        Assert.That(Path.Combine(run.Directory, "rollback_event.md"), Does.Not.Exist);
    }

    [Test]
    public async Task Without_a_command_the_event_is_still_recorded()
    {
        var handled = await RollbackEvent.HandleAsync(Judge(60), RollbackOptions.From(null, null).Options!, Run(), [], CancellationToken.None);
        Assert.That(handled!.Command, Is.Null);
        Assert.That(File.ReadAllText(handled.EventFile), Does.Contain("No rollback command configured (rollbackCommand / SIRIM_ROLLBACK_COMMAND)"));
    }

    [Test]
    public async Task Failing_command_output_is_recorded_with_secrets_redacted()
    {
        const string secret = "s3cr3t-rollback-token-77";
        var options = RollbackOptions.From($"echo deploying with {secret}; echo cannot reach the registry >&2; exit 3", "10").Options!;
        var handled = await RollbackEvent.HandleAsync(Judge(60), options, Run(secret), [], CancellationToken.None);
        var md = File.ReadAllText(handled!.EventFile);
        Assert.Multiple(() =>
        {
            Assert.That(handled.Command!.ExitCode, Is.EqualTo(3));
            Assert.That(md, Does.Contain("| result | exit code 3 — **the rollback command did not succeed: roll back by hand** |"));
            Assert.That(md, Does.Contain("deploying with [redacted]\ncannot reach the registry").Or.Contain("cannot reach the registry\ndeploying with [redacted]"));
            Assert.That(md, Does.Not.Contain(secret));
        });
    }

    [Test]
    public async Task Command_running_past_its_bound_is_killed_and_recorded_as_timed_out()
    {
        var result = await RollbackCommand.RunAsync("echo started; sleep 30", TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(result.TimedOut, Is.True);
            Assert.That(result.ExitCode, Is.Null);
            Assert.That(result.Outcome, Is.EqualTo("timed out (killed)"));
            Assert.That(result.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), "killed at the bound, not after the sleep");
            Assert.That(result.Output, Is.EqualTo("started\n"));
        });
    }

    [TestCase("0", TestName = "Rollback timeout: zero refused")]
    [TestCase("3601", TestName = "Rollback timeout: over an hour refused")]
    [TestCase("2m", TestName = "Rollback timeout: a unit refused")]
    public void Bad_timeout_is_a_configuration_error(string raw) =>
        Assert.That(RollbackOptions.From("true", raw).Errors, Is.EqualTo(new[]
            { $"rollbackTimeoutSeconds (SIRIM_ROLLBACK_TIMEOUT_SECONDS): '{raw}' is not a whole number of seconds from 1 to 3600" }));

    [Test]
    public void Default_timeout_is_two_minutes() =>
        Assert.That(RollbackOptions.From("true", null).Options, Is.EqualTo(new RollbackOptions("true", TimeSpan.FromSeconds(120))));
}
