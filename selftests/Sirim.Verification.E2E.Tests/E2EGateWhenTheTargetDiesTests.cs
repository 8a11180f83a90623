using System.Diagnostics;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.E2E.Flows;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.E2E.Tests;

/// <summary>
/// The E2E gate when the API dies mid-flow: the reference target with <c>api_exits_after_first_gasto</c> answers the
/// page's first POST /api/gastos with 201 and is killed on the next request (deterministic: at a request, not after a
/// delay). The round-trip flow ends within the bound its settings give, fails <c>target_stayed_up</c> naming the first
/// failed call and the last good answer, is not retried, writes its evidence section, and its cleanup names by id the
/// gasto the page created and nobody could remove.
/// </summary>
public sealed partial class E2EGateAgainstReferenceTests
{
    [Test, Order(4)] // the target is killed: the fixture's last test against it
    public async Task Target_killed_mid_flow_fails_target_stayed_up_naming_the_moment_and_lists_what_it_could_not_remove()
    {
        const int actionTimeoutSeconds = 2;
        await Reference.UseDefectAsync("api_exits_after_first_gasto");
        var env = new Dictionary<string, string>(Reference.Environment)
        {
            ["SIRIM_RUN_ID"] = "faults-" + Guid.NewGuid().ToString("N")[..8],
            ["SIRIM_REPO_ROOT"] = Core.RepositoryRoot.Find(),
            ["SIRIM_E2E_ACTION_TIMEOUT_SECONDS"] = actionTimeoutSeconds.ToString(),
            ["SIRIM_E2E_RETRIES"] = "1", // allowed, and still not used: a retry against a dead target only waits out its timeouts
        };
        var loaded = ReferenceSettings.Load(env);
        var (options, errors) = E2EOptions.Load(loaded.Options!);
        Assert.That(errors, Is.Empty);
        var browser = await Gate.BrowserAsync(options!);
        var runner = new FlowRunner(browser, loaded.Options!, options!, loaded.Redactor, Path.Combine(Gate.Work, "traces"));

        // The bound the settings give: the flow stops at its first step that waits in vain (one action timeout; the list's
        // paging stops as soon as the page's API call got no answer), calls to a dead target fail at once, and the
        // cleanup pauses half a second between its attempts. Far below the attempt's 90 s cap.
        var bound = TimeSpan.FromSeconds(actionTimeoutSeconds * 4 + options!.CleanupMaxAttempts + 10);
        var watch = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await runner.RunAsync(E2EFlows.All().Single(f => f.Id == "gasto_round_trip"), new NullFlowReporter(), timeout.Token);
        var elapsed = watch.Elapsed;

        TestContext.Progress.WriteLine($"[e2e] gasto_round_trip against a dying API: {elapsed.TotalSeconds:0.0} s ({result.Final.PhaseSummary})");
        var outcomes = result.Final.Outcomes;
        TestContext.Progress.WriteLine(FailureRenderer.RenderAll(outcomes, loaded.Redactor));
        var stayedUp = outcomes.Single(o => o.CheckId == TargetStayedUp.Id);
        var rendered = FailureRenderer.Render(stayedUp, loaded.Redactor);
        var cleanup = FailureRenderer.Render(outcomes.Single(o => o.CheckId == "test_data_cleaned_up"), loaded.Redactor);
        var notRemoved = result.Cleanups.SelectMany(c => c.Results).Where(r => !r.Gone).Select(r => r.Resource.Id).ToList();
        var evidence = E2EOutageEvidence.Render(new MarkdownDocument("E2E results"), [result], loaded.Redactor).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(elapsed, Is.LessThan(bound), "the flow ended within the bound of its settings");
            Assert.That(result.Attempts, Has.Count.EqualTo(1), "no retry after the target went down");
            Assert.That(stayedUp.Failed, Is.True, rendered);
            Assert.That(rendered, Does.StartWith("[e2e] target_stayed_up: flow gasto_round_trip: the API http")
                .And.Contain("first failed: ").And.Contain("→ no answer (").And.Contain("last good answer: ").And.Contain("Reproduce: curl"));
            Assert.That(FailureRenderer.RenderAll(outcomes, loaded.Redactor), Does.Contain("[e2e] flow_step_completes: flow gasto_round_trip: step 'create a gasto in the UI'")
                .And.Contain("Actual:   the API stopped answering: GET /api/gastos?").And.Contain("→ no answer (net::ERR_"));
            Assert.That(notRemoved, Is.Not.Empty, "the gasto the page created before the crash should be named as not removed");
            foreach (var id in notRemoved) Assert.That(cleanup, Does.Contain($"/api/gastos/{id}"), cleanup);
            Assert.That(evidence, Does.Contain("## " + E2EOutageEvidence.Heading).And.Contain("During flow gasto_round_trip (attempt 1) the API stopped answering: from ")
                .And.Contain("[e2e] target_stayed_up: "));
            Assert.That(E2EOutageEvidence.Summary([result]), Does.StartWith("**NO**: the API went down during flow gasto_round_trip"));
        });
    }
}
