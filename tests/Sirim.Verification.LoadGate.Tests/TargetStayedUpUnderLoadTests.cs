using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.LoadGate.Checks;

namespace Sirim.Verification.LoadGate.Tests;

public sealed class TargetStayedUpUnderLoadTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 5, 40, 0, TimeSpan.Zero);

    private static TimelinePoint Second(int s, long requests, long errors) =>
        new(s, TimeSpan.FromSeconds(s), false, requests, errors, requests, 5, 9, 12, 4, 10, 0);

    private static HttpExchange Refused(double atSecond) => new(ExchangeRequest.Get(new Uri("http://127.0.0.1:5000/api/gastos?empresaId=1")), null,
        TimeSpan.FromMilliseconds(2), Start.AddSeconds(atSecond), "Connection refused (127.0.0.1:5000)");

    private static HttpExchange ServerError(double atSecond) => new(ExchangeRequest.Get(new Uri("http://127.0.0.1:5000/api/gastos?empresaId=1")),
        new ExchangeResponse(503, "Service Unavailable", "1.1", [], "{}", 2), TimeSpan.FromMilliseconds(2), Start.AddSeconds(atSecond));

    private static LoadGateResult Run(IReadOnlyList<TimelinePoint> timeline, params HttpExchange[] failures)
    {
        var run = FakeRuns.Run(failures: new Dictionary<string, IReadOnlyList<HttpExchange>> { ["list_gastos"] = failures });
        return run with { Report = run.Report with { StartedAt = Start, Timeline = timeline } };
    }

    [Test]
    public void A_run_ending_in_seconds_of_unanswered_requests_fails_naming_the_moment()
    {
        var outcome = new TargetStayedUpUnderLoad().Evaluate(Run([Second(1, 10, 0), Second(2, 10, 1), Second(3, 10, 10), Second(4, 10, 10)],
            ServerError(1.5), Refused(2.2), Refused(2.4)));
        Assert.That(FailureRenderer.Render(outcome, Redactor.None), Does.StartWith(
            "[load] target_stayed_up: profile normal-ci: the target   (severity critical · broken flow)\n" +
            "Expected: the target answers until the end of the load (no run ending in seconds where every request got no answer)\n" +
            "Actual:   from second 3 of the run (05:40:02.000Z) on, every request failed: 20 request(s) in the last 2 second(s); " +
            "a failed one: GET /api/gastos?empresaId=1 → no answer (Connection refused (127.0.0.1:5000)) at 05:40:02.200Z; " +
            "last good answers: second 2 (9 of 10 succeeded)\n"));
    }

    [TestCase(TestName = "errors in the last seconds that got answers (5xx, 429) are the budgets' business")]
    public void Answered_failures_pass()
    {
        var outcome = new TargetStayedUpUnderLoad().Evaluate(Run([Second(1, 10, 0), Second(2, 10, 10), Second(3, 10, 10)], ServerError(1.5)));
        Assert.That(outcome.Status, Is.EqualTo(CheckStatus.Passed));
    }

    [Test]
    public void A_run_that_recovered_passes_and_an_empty_run_passes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new TargetStayedUpUnderLoad().Evaluate(Run([Second(1, 10, 10), Second(2, 10, 0)], Refused(0.5))).Status, Is.EqualTo(CheckStatus.Passed));
            Assert.That(new TargetStayedUpUnderLoad().Evaluate(Run([])).Status, Is.EqualTo(CheckStatus.Passed));
        });
    }
}
