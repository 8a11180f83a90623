using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Tests;

public sealed class TargetStayedUpTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 5, 33, 12, TimeSpan.Zero);

    private static HttpExchange Answered(int second, string path, int status) => new(
        ExchangeRequest.Get(new Uri("http://127.0.0.1:5000" + path)),
        new ExchangeResponse(status, status == 200 ? "OK" : "Internal Server Error", "1.1", [], "", 0),
        TimeSpan.FromMilliseconds(4), T0.AddSeconds(second));

    private static HttpExchange Unanswered(int second, string path) => new(
        ExchangeRequest.Get(new Uri("http://127.0.0.1:5000" + path)), null, TimeSpan.FromMilliseconds(1), T0.AddSeconds(second),
        "Connection refused (127.0.0.1:5000)");

    [Test]
    public void A_run_answered_to_the_end_passes_even_with_a_lone_500_or_dropped_connection_in_the_middle()
    {
        var outcome = TargetStayedUp.Judge("contracts", "http://127.0.0.1:5000", [
            Answered(0, "/api/version", 200), Answered(1, "/api/gastos?empresaId=x", 500), Unanswered(2, "/api/gastos"),
            Answered(3, "/api/gastos/1", 404), Answered(4, "/api/empresas", 500), Answered(5, "/api/empresas", 500)]);
        Assert.That(outcome.Status, Is.EqualTo(CheckStatus.Passed), outcome.Actual);
    }

    [Test]
    public void A_run_ending_in_unanswered_requests_fails_naming_the_first_failed_and_the_last_good_answer()
    {
        // Out of order on purpose: concurrent requests are recorded as they finish.
        var outcome = TargetStayedUp.Judge("contracts", "http://127.0.0.1:5000", [
            Unanswered(4, "/api/gastos/7"), Answered(0, "/api/version", 200), Answered(1, "/api/empresas", 200),
            Unanswered(2, "/api/gastos"), Unanswered(3, "/api/gastos/7")]);
        var text = FailureRenderer.Render(outcome, Redactor.None);
        Assert.That(text, Is.EqualTo(
            "[contracts] target_stayed_up: http://127.0.0.1:5000   (severity critical · broken flow)\n" +
            "Expected: the target answers every request until the gate's last (any status but no answer or 500/502/503/504 at the end)\n" +
            "Actual:   from 05:33:14.000Z on, the last 3 of 5 request(s) got no answer ×3; first failed: GET /api/gastos → no answer " +
            "(Connection refused (127.0.0.1:5000)) at 05:33:14.000Z; last good answer: GET /api/empresas → 200 OK at 05:33:13.000Z\n" +
            "Hint:     The target or its database went down during the gate, at the moment named: the gate's other failures after it are consequences. " +
            "Look at the target's and the database's logs around that time (process exit, OOM kill, restart, connection refused).\n" +
            "→ GET http://127.0.0.1:5000/api/gastos\n" +
            "← no response: Connection refused (127.0.0.1:5000) (1 ms)\n" +
            "Reproduce: curl -i -X GET 'http://127.0.0.1:5000/api/gastos'\n"));
    }

    [Test]
    public void A_database_going_down_shows_as_a_streak_of_outage_statuses()
    {
        var outcome = TargetStayedUp.Judge("load", "load", [
            Answered(0, "/api/gastos", 200), Answered(1, "/api/gastos", 500), Answered(2, "/api/gastos", 503), Answered(3, "/api/gastos", 500)]);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Failed, Is.True);
            Assert.That(outcome.Actual, Does.StartWith("from 05:33:13.000Z on, the last 3 of 4 request(s) got 500 ×2, 503 ×1;"));
            Assert.That(outcome.Actual, Does.EndWith("last good answer: GET /api/gastos → 200 OK at 05:33:12.000Z"));
        });
    }

    [TestCase(2, false, TestName = "two 500s at the end are one route's errors, not an outage")]
    [TestCase(3, true, TestName = "three failed at the end are an outage")]
    public void The_streak_needs_its_minimum_length(int failedAtTheEnd, bool fails)
    {
        var exchanges = new List<HttpExchange> { Answered(0, "/a", 200), Answered(1, "/b", 200) };
        for (var i = 0; i < failedAtTheEnd; i++) exchanges.Add(Answered(2 + i, "/c", 500));
        Assert.That(TargetStayedUp.Judge("g", "s", exchanges).Failed, Is.EqualTo(fails));
    }

    [Test]
    public void A_gate_whose_every_request_failed_says_no_good_answer_and_a_gate_without_requests_is_not_applicable()
    {
        var down = TargetStayedUp.Judge("e2e", "s", [Unanswered(0, "/healthz")]);
        Assert.Multiple(() =>
        {
            Assert.That(down.Actual, Does.EndWith("no request of the gate got a good answer"));
            Assert.That(TargetStayedUp.Judge("e2e", "s", []).Status, Is.EqualTo(CheckStatus.NotApplicable));
        });
    }
}
