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
            "Expected: the target answers until the end of the load (no run ending in seconds where every request got no answer, or 500/502/503/504 after good seconds)\n" +
            "Actual:   from second 3 of the run (05:40:02.000Z) on, every request failed: 20 request(s) in the last 2 second(s); " +
            "a failed one: GET /api/gastos?empresaId=1 → no answer (Connection refused (127.0.0.1:5000)) at 05:40:02.200Z; " +
            "last good answers: second 2 (9 of 10 succeeded)\n"));
    }

    [Test]
    public void A_run_ending_in_seconds_of_503_after_good_seconds_fails_naming_the_first_outage_answer()
    {
        // The database stopped under load: the API still answers, every request with 503.
        var outcome = new TargetStayedUpUnderLoad().Evaluate(Run([Second(1, 10, 0), Second(2, 10, 10), Second(3, 10, 10)], ServerError(1.5), ServerError(2.5)));
        Assert.That(FailureRenderer.Render(outcome, Redactor.None), Does.Contain(
            "Actual:   from second 2 of the run (05:40:01.000Z) on, every request failed: 20 request(s) in the last 2 second(s); " +
            "a failed one: GET /api/gastos?empresaId=1 → 503 Service Unavailable at 05:40:01.500Z; last good answers: second 1 (10 of 10 succeeded)\n"));
    }

    [TestCase(TestName = "errors that got answers from the run's first second (5xx of a broken route, 429) are the budgets' business")]
    public void Answered_failures_from_the_start_pass()
    {
        var outcome = new TargetStayedUpUnderLoad().Evaluate(Run([Second(1, 10, 10), Second(2, 10, 10), Second(3, 10, 10)], ServerError(0.5)));
        Assert.That(outcome.Status, Is.EqualTo(CheckStatus.Passed));
    }

    [Test]
    public void Rate_limited_seconds_after_good_ones_pass()
    {
        var limited = new HttpExchange(ExchangeRequest.Get(new Uri("http://127.0.0.1:5000/api/gastos?empresaId=1")),
            new ExchangeResponse(429, "Too Many Requests", "1.1", [], "{}", 2), TimeSpan.FromMilliseconds(2), Start.AddSeconds(1.5));
        var outcome = new TargetStayedUpUnderLoad().Evaluate(Run([Second(1, 10, 0), Second(2, 10, 10), Second(3, 10, 10)], limited));
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
