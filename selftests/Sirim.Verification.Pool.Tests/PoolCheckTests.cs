using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Pool.Checks;

namespace Sirim.Verification.Pool.Tests;

/// <summary>Each pool check: a passing run and a failing run, with the rendered failure pinned.</summary>
public sealed class PoolCheckTests
{
    private static string Render(CheckOutcome outcome) => FailureRenderer.Render(outcome, new Redactor(["secret-token"]));

    [Test]
    public void Pool_reaching_the_expected_size_passes()
    {
        var outcome = new PoolReachesExpectedSize(20).Evaluate(Run(pool: PoolSamples(0, 8, 20, 20, 19)));
        Assert.That(outcome.Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(outcome.Subject, Is.EqualTo("pg_stat_activity during profile normal-ci: observed at most 20 connections (expected 20) with up to 40 requests in flight"));
    }

    [TestCase("application_name = 'sirim-api'", TestName = "pool verdict names the application_name filter")]
    [TestCase("no application_name filter", TestName = "pool verdict says when no application_name filter was used")]
    public void The_pool_verdict_says_which_sessions_it_counted(string filter)
    {
        var pool = PoolSamples(0, 8, 20, 20, 19) with { ApplicationNameFilter = filter };
        Assert.That(new PoolReachesExpectedSize(20).Evaluate(Run(pool: pool)).Subject, Is.EqualTo(
            $"pg_stat_activity during profile normal-ci: observed at most 20 connections (expected 20) with up to 40 requests in flight; counted with {filter}"));
        Assert.That(Render(new PoolReachesExpectedSize(20).Evaluate(Run(pool: PoolSamples(0, 6, 10, 10) with { ApplicationNameFilter = filter }))),
            Does.Contain($"Actual:   observed at most 10 connections, expected 20 (with up to 40 requests in flight; counted with {filter})\n"));
    }

    [Test]
    public void A_smaller_pool_says_how_many_connections_were_observed()
    {
        Assert.That(Render(new PoolReachesExpectedSize(20).Evaluate(Run(pool: PoolSamples(0, 6, 10, 10)))), Is.EqualTo(
            "[pool] pool_reaches_expected_size: pg_stat_activity during profile normal-ci   (severity critical · budget exceeded)\n" +
            "Expected: at least 20 connections while at least 20 requests are in flight\n" +
            "Actual:   observed at most 10 connections, expected 20 (with up to 40 requests in flight)\n" +
            "Hint:     The API's effective pool is smaller than configured: check Maximum Pool Size in the connection string the process really uses (or the pooler's pool_size), and that it is not overridden by an environment variable.\n"));
    }

    [Test]
    public void Too_little_concurrency_cannot_prove_the_pool()
    {
        var text = Render(new PoolReachesExpectedSize(20).Evaluate(Run(pool: PoolSamples(5, 12), maxConcurrent: 12)));
        Assert.That(text, Does.Contain("Actual:   the load had at most 12 requests in flight, fewer than the 20 needed to fill the pool (observed at most 12 connections)"));
    }

    [Test]
    public void No_samples_is_a_failure_not_a_pass()
    {
        var text = Render(new PoolReachesExpectedSize(20).Evaluate(Run(pool: PoolSamples())));
        Assert.That(text, Does.Contain("Actual:   no samples: Stopped"));
    }

    [Test]
    public void Exhaustion_signals_fail_the_pool_with_the_first_5xx()
    {
        Assert.That(new PoolNotExhausted().Evaluate(Run()).Status, Is.EqualTo(CheckStatus.Passed));
        var run = Run(signals: new PoolExhaustionSignals(3, 3, 0), firstServerError: Exchange(503, "{\"detail\":\"connection pool exhausted\"}"));
        var text = Render(new PoolNotExhausted().Evaluate(run));
        Assert.That(text, Does.StartWith(
            "[pool] pool_not_exhausted: responses during profile normal-ci (180 requests)   (severity critical · budget exceeded)\n" +
            "Expected: no pool timeout errors, no 5xx, no 'too many clients'\n" +
            "Actual:   3 pool timeout errors, 3 responses 5xx\n"));
        Assert.That(text, Does.Contain("← 503 Service Unavailable"));
    }

    private static PoolRun Run(PoolSamplingResult? pool = null, PoolExhaustionSignals? signals = null, long maxConcurrent = 40,
        HttpExchange? firstServerError = null) =>
        new("normal-ci", 180, signals ?? PoolExhaustionSignals.None, maxConcurrent, pool, firstServerError);

    private static PoolSamplingResult PoolSamples(params int[] totals) => new()
    {
        ConnectionDescription = "host=127.0.0.1 port=5432 database=sirim user=monitor application_name=sirim-pool-sampler (password redacted)",
        Filter = "client backends with application_name = 'sirim-api'",
        Sql = PgActivityQuery.Sql,
        SqlParameters = "@database = 'sirim'",
        Interval = TimeSpan.FromMilliseconds(200),
        StartedAt = DateTimeOffset.UnixEpoch,
        Duration = TimeSpan.FromSeconds(totals.Length * 0.2),
        Stop = PoolSamplingStop.Stopped,
        Samples = totals.Select((t, i) => new PoolSample(DateTimeOffset.UnixEpoch.AddMilliseconds(200 * i), TimeSpan.FromMilliseconds(200 * i), t, t / 2, t - t / 2, 0, 0)).ToList(),
        Errors = [],
    };

    private static HttpExchange Exchange(int status, string body) => new(
        new ExchangeRequest("GET", new Uri("http://127.0.0.1:5080/api/gastos?empresaId=1"), [new HttpHeader("Authorization", "Bearer secret-token")]),
        new ExchangeResponse(status, status == 500 ? "Internal Server Error" : "Service Unavailable", "1.1",
            [new HttpHeader("Content-Type", "application/problem+json")], body, body.Length),
        TimeSpan.FromMilliseconds(12), DateTimeOffset.UnixEpoch);
}
