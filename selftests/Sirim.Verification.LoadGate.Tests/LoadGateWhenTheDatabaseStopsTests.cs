using System.Diagnostics;
using Sirim.ReferenceTarget.Hosting;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load.Progress;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.LoadGate.Evidence;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>
/// The load gate's runner when the target's PostgreSQL is stopped (<c>pg_ctl stop -m immediate</c>: clients cut off at
/// once, as a crashed database) under load. Deterministic: the database stops at the first progress report after the
/// warm-up once the load has had its N-th request answered, not after a delay. The API keeps answering, every request
/// with an outage status: the run still ends on its plan's clock, <c>target_stayed_up</c> names the second the answers
/// turned and the first outage answer, the error-rate budget fails, the profile's evidence section says so, and the
/// cleanup (which cannot reach the data while the database is down) fails <c>test_data_cleaned_up</c> saying what it
/// could not remove or verify. The last test of the fixture of the clean suite run (LoadGateAgainstReferenceTests.cs,
/// the other part of this class), on its deployment: it stops the database, which is started again after it.
/// </summary>
public sealed partial class LoadGateAgainstReferenceTests
{
    // The short plan is 6 s; each request is bounded by requestTimeoutSeconds and the cleanup by its attempts.
    private static readonly TimeSpan DatabaseStopBound = TimeSpan.FromMinutes(1);
    private const int StopAfterRequests = 30;

    [TearDown]
    public async Task StartTheDatabaseAgain()
    {
        var database = Reference.Deployment.Database;
        if (!File.Exists(Path.Combine(database.DataDirectory, "postmaster.pid"))) await database.StartServerAsync(CancellationToken.None);
    }

    [Test, Order(3)]
    public async Task Database_stopped_under_load_fails_target_stayed_up_naming_the_moment_and_the_cleanup_says_what_it_could_not_remove()
    {
        await Reference.UseDefectAsync(null);
        var env = new Dictionary<string, string>(Reference.Environment) { ["SIRIM_PROGRESS"] = "plain" };
        var options = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null)).Options!;
        // A short copy of normal-ci: 1 s ramp-up that is all warm-up, 4 s steady.
        var plan = LoadGatePlanner.Prepare(options, RepositoryRoot.Find(), ShortProfile("normal-ci", duration: "4s")).Options!;
        var stop = new StopDatabaseAfter(StopAfterRequests, Reference.Deployment.Database);

        using var bound = new CancellationTokenSource(DatabaseStopBound);
        var watch = Stopwatch.StartNew();
        var run = await LoadGateRunner.RunAsync(options, plan, stop, null, bound.Token);
        var elapsed = watch.Elapsed;
        await stop.Stopped;

        var outcomes = LoadGateChecks.Load.Select(c => c.Evaluate(run)).ToList();
        var stayedUp = outcomes.Single(o => o.CheckId == TargetStayedUp.Id);
        var text = FailureRenderer.Render(stayedUp, Redactor.None);
        var cleanup = outcomes.Single(o => o.CheckId == "test_data_cleaned_up");
        var cleanupText = FailureRenderer.Render(cleanup, Redactor.None);
        var section = LoadEvidence.ProfileSection(run, outcomes, LoadArtifacts.For(run), Redactor.None);
        TestContext.Progress.WriteLine($"[load] database stopped after {stop.FiredAtRequests} requests; the run took {elapsed.TotalSeconds:0.0} s\n{text}\n{cleanupText}");
        Assert.Multiple(() =>
        {
            Assert.That(stop.FiredAtRequests, Is.GreaterThanOrEqualTo(StopAfterRequests), "the database was never stopped");
            Assert.That(bound.IsCancellationRequested, Is.False, "the run ended within its bound");
            Assert.That(elapsed, Is.LessThan(plan.Profile.WarmUp + plan.Profile.PlannedDuration + options.RequestTimeout + TimeSpan.FromSeconds(20)), "the run ended on its plan's clock");
            Assert.That(stayedUp.Failed, Is.True, text);
            Assert.That(text, Does.StartWith("[load] target_stayed_up: profile normal-ci").And.Contain("on, every request failed: ")
                .And.Match(@"a failed one: \S+ \S+ → 50[0234] ").And.Contain("last good answers: second ").And.Contain("Reproduce: curl"));
            Assert.That(outcomes.Single(o => o.CheckId == "error_rate_budget").Failed, Is.True, "the outage's answers count as errors");
            Assert.That(cleanup.Failed, Is.True, "the cleanup cannot verify anything while the database is down:\n" + cleanupText);
            Assert.That(cleanupText, Does.Match(@"left: /api/gastos/\d+ \(created by POST /api/gastos"), "the gastos it could not remove, by id:\n" + cleanupText);
            Assert.That(section, Does.Contain("target_stayed_up").And.Contain("test_data_cleaned_up"));
        });
    }

    /// <summary>Stops the database (immediate) at the first progress report after the warm-up that counts at least <c>requests</c> answered.</summary>
    private sealed class StopDatabaseAfter(long requests, ThrowawayPostgres database) : IProgress<LoadProgress>
    {
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _fired;

        public long FiredAtRequests { get; private set; }

        public Task Stopped => _fired == 0 ? Task.CompletedTask : _stopped.Task;

        public void Report(LoadProgress value)
        {
            if (value.WarmUp || value.Requests < requests || Interlocked.Exchange(ref _fired, 1) == 1) return;
            FiredAtRequests = value.Requests;
            _ = Task.Run(async () =>
            {
                try { await database.StopServerAsync(CancellationToken.None, immediate: true); _stopped.SetResult(); }
                catch (Exception ex) { _stopped.SetException(ex); }
            });
        }
    }
}
