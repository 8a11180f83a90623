using Sirim.Verification.Pool.Reporting;

namespace Sirim.Verification.Pool.Tests;

public sealed class VerdictAndRenderingTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static PoolSample Sample(double seconds, int total, int active, int idle = 0, int idleInTransaction = 0, int waiting = 0) =>
        new(Start + TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds), total, active, idle, idleInTransaction, waiting);

    private static PoolSummary Summary(params int[] totals) =>
        PoolSummary.From(totals.Select((t, i) => Sample(i * 0.2, t, t)).ToList());

    private static IEnumerable<TestCaseData> Verdicts()
    {
        static TestCaseData Case(string name, int expected, PoolSummary summary, PoolExhaustionSignals signals, int? concurrency, bool passed, string message) =>
            new TestCaseData(expected, summary, signals, concurrency, passed, message).SetName(name);

        yield return Case("pool reached, no signals", 20, Summary(5, 20, 20, 12), PoolExhaustionSignals.None, 40, true,
            "observed at most 20 connections (expected 20); no exhaustion signals");
        yield return Case("pool of 10 instead of 20", 20, Summary(4, 10, 10), PoolExhaustionSignals.None, 40, false,
            "observed at most 10 connections, expected 20");
        yield return Case("load too small to fill the pool", 20, Summary(4, 12), PoolExhaustionSignals.None, 12, false,
            "observed at most 12 connections, expected 20 (the load had at most 12 requests in flight, fewer than the 20 needed to fill the pool)");
        yield return Case("pool reached but exhausted", 20, Summary(20), new PoolExhaustionSignals(PoolTimeoutErrors: 3, ServerErrors5xx: 2), 60, false,
            "pool exhaustion signals: 3 pool timeout errors, 2 responses 5xx");
        yield return Case("short and too many clients", 20, Summary(8), new PoolExhaustionSignals(TooManyClientsErrors: 1), null, false,
            "observed at most 8 connections, expected 20; pool exhaustion signals: 1 'too many clients' error");
        yield return Case("no samples", 20, Summary(), PoolExhaustionSignals.None, null, false,
            "the pool sampler took no samples; the pool size cannot be proven");
        yield return Case("more than expected passes with a remark", 20, Summary(25), PoolExhaustionSignals.None, 50, true,
            "observed at most 25 connections (expected 20); no exhaustion signals");
    }

    [TestCaseSource(nameof(Verdicts))]
    public void The_verdict_says_what_was_observed_against_what_was_expected(
        int expected, PoolSummary summary, PoolExhaustionSignals signals, int? concurrency, bool passed, string message)
    {
        var verdict = PoolVerdict.Evaluate(expected, summary, signals, concurrency);

        Assert.That((verdict.Passed, verdict.Message), Is.EqualTo((passed, message)));
        Assert.That(verdict.ObservedMax, Is.EqualTo(summary.MaxTotal));
    }

    [Test]
    public void A_larger_pool_than_expected_is_remarked_on()
    {
        var verdict = PoolVerdict.Evaluate(20, Summary(25), PoolExhaustionSignals.None);

        Assert.That(verdict.Findings, Is.EqualTo(new[]
        {
            "observed 25 connections, more than the expected pool size of 20: several app instances share the filter, or the pool is larger than configured",
        }));
    }

    [Test]
    public void Summary_has_max_and_nearest_rank_percentiles()
    {
        var samples = Enumerable.Range(1, 20).Select(i => Sample(i * 0.2, i, i / 2, idle: 20 - i, waiting: i % 3)).ToList();

        var summary = PoolSummary.From(samples);

        Assert.That(summary, Is.EqualTo(new PoolSummary(20, 20, 10, 19, 0, 2, 10, 19, 5, 9, TimeSpan.FromSeconds(4))));
    }

    [TestCase(new[] { 1 }, 50, 1)]
    [TestCase(new[] { 3, 1, 2 }, 50, 2)]
    [TestCase(new[] { 3, 1, 2 }, 100, 3)]
    [TestCase(new[] { 1, 2, 3, 4 }, 95, 4)]
    [TestCase(new int[0], 95, 0)]
    public void Percentiles_are_nearest_rank(int[] values, double percentile, int expected)
    {
        Assert.That(PoolSummary.Percentile(values, percentile), Is.EqualTo(expected));
    }

    private static PoolSamplingResult Result(params PoolSample[] samples) => new()
    {
        ConnectionDescription = "host=db.internal port=5432 database=sirim user=monitor application_name=sirim-pool-sampler (password redacted)",
        Filter = "client backends with datname = 'sirim', usename = any, application_name = 'sirim-api'; the sampler's own session is excluded (pid <> pg_backend_pid())",
        Sql = PgActivityQuery.Sql,
        SqlParameters = "@database = 'sirim', @user_name = NULL, @application_name = 'sirim-api'",
        Interval = TimeSpan.FromMilliseconds(200),
        StartedAt = Start,
        Duration = TimeSpan.FromSeconds(0.6),
        Stop = PoolSamplingStop.Stopped,
        Samples = samples,
        Errors = [],
    };

    [Test]
    public void Evidence_has_the_verdict_the_exact_sql_the_summary_and_raw_samples()
    {
        var result = Result(Sample(0, 2, 0, idle: 2), Sample(0.2, 10, 10), Sample(0.4, 10, 9, idle: 1));
        var verdict = PoolVerdict.Evaluate(20, result.Summary, PoolExhaustionSignals.None, 40);

        var markdown = PoolMarkdown.Render(result, verdict, PoolExhaustionSignals.None);

        Assert.Multiple(() =>
        {
            Assert.That(markdown, Does.StartWith("## Pool proof: pg_stat_activity — FAIL\n\n**Verdict**: observed at most 10 connections, expected 20\n\n"));
            Assert.That(markdown, Does.Contain("| monitoring connection | host=db.internal port=5432 database=sirim user=monitor application_name=sirim-pool-sampler (password redacted) |\n"));
            Assert.That(markdown, Does.Contain("```sql\n" + PgActivityQuery.Sql.Trim() + "\n```\n\nParameters: `@database = 'sirim', @user_name = NULL, @application_name = 'sirim-api'`\n"));
            Assert.That(markdown, Does.Contain("| total | 10 | 10 | 10 |\n| active | 10 | 9 | 10 |\n"));
            Assert.That(markdown, Does.Contain("| expected pool size | 20 |\n"));
            Assert.That(markdown, Does.Contain("| pool timeout errors | 0 |\n"));
            Assert.That(markdown, Does.Contain("| time (UTC) | t (s) | total | active | idle | idle in transaction | waiting |\n|---|---:|---:|---:|---:|---:|---:|\n"
                                               + "| 10:00:00.000 | 0.000 | 2 | 0 | 2 | 0 | 0 |\n| 10:00:00.200 | 0.200 | 10 | 10 | 0 | 0 | 0 |\n"));
            Assert.That(markdown, Does.Contain("The maximum of 10 sessions was first seen 0.2 s after sampling started."));
        });
    }

    [Test]
    public void Long_runs_leave_the_rest_of_the_raw_samples_to_the_csv()
    {
        var result = Result(Enumerable.Range(0, 10).Select(i => Sample(i * 0.2, i, i)).ToArray());

        var markdown = PoolMarkdown.Render(result, maxRawRows: 4);

        Assert.That(markdown, Does.EndWith("\n6 more samples are in the CSV of raw samples.\n"));
    }

    [Test]
    public void Csv_holds_every_raw_sample()
    {
        var csv = PoolCsv.Render([Sample(0, 2, 0, idle: 2), Sample(0.2, 3, 1, idle: 1, idleInTransaction: 1, waiting: 1)]);

        Assert.That(csv, Is.EqualTo(
            "at_utc,elapsed_s,total,active,idle,idle_in_transaction,waiting\n"
            + "2025-03-04T10:00:00.000Z,0.000,2,0,2,0,0\n"
            + "2025-03-04T10:00:00.200Z,0.200,3,1,1,1,1\n"));
    }

    [Test]
    public void The_chart_is_a_png_with_or_without_a_concurrency_overlay()
    {
        var result = Result(Sample(0, 2, 0, idle: 2), Sample(0.2, 10, 10), Sample(0.4, 20, 19, waiting: 1));
        var concurrency = new[] { new ConcurrencyPoint(Start, 0), new ConcurrencyPoint(Start.AddSeconds(0.3), 25) };

        foreach (var png in new[] { PoolChart.Render(result), PoolChart.Render(result, concurrency, expectedPoolSize: 20), PoolChart.Render(Result()) })
        {
            Assert.That(png.Take(4), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47 }));
        }
    }

    [Test]
    public void Invalid_options_are_all_listed()
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new PgActivitySampler(new PoolSamplerOptions
        {
            ConnectionString = "",
            Interval = TimeSpan.FromMilliseconds(1),
            QueryTimeout = TimeSpan.FromMilliseconds(100),
            MaxConsecutiveErrors = 0,
        }));

        Assert.That(error!.Message, Does.StartWith(string.Join(Environment.NewLine,
            "pool sampler: the monitoring connection string is empty; set it from an environment variable",
            "pool sampler: interval is 1 ms; it must be at least 10 ms (default 200 ms)",
            "pool sampler: query timeout is 100 ms; it must be at least 1 s (PostgreSQL command timeouts are whole seconds)",
            "pool sampler: max consecutive errors is 0; it must be greater than zero")));
    }

    [Test]
    public void The_connection_is_described_without_its_password()
    {
        var sampler = new PgActivitySampler(new PoolSamplerOptions { ConnectionString = "Host=db.internal;Username=monitor;Password=hunter2;Database=sirim" });

        Assert.That(sampler.ConnectionDescription, Is.EqualTo("host=db.internal port=5432 database=sirim user=monitor application_name=sirim-pool-sampler (password redacted)"));
        Assert.That(sampler.Filter, Is.EqualTo("client backends with datname = any, usename = any, application_name = 'sirim-api'; the sampler's own session is excluded (pid <> pg_backend_pid())"));
    }

    [TestCase("failed for Password=hunter2;Host=x", "failed for Password=[redacted];Host=x")]
    [TestCase("pwd = s3cr3t next", "pwd=[redacted] next")]
    public void Error_messages_are_redacted(string message, string expected)
    {
        Assert.That(PgActivitySampler.Redact(message), Is.EqualTo(expected));
    }

    [Test]
    public void The_sql_excludes_the_sampler_and_counts_waiting_as_lock_waits()
    {
        Assert.That(PgActivitySampler.SqlText, Does.Contain("pid <> pg_backend_pid()"));
        Assert.That(PgActivitySampler.SqlText, Does.Contain("backend_type = 'client backend'"));
        Assert.That(PgActivitySampler.SqlText, Does.Contain("count(*) FILTER (WHERE wait_event_type = 'Lock')"));
    }
}
