using Npgsql;
using Sirim.ReferenceTarget.Hosting;
using Sirim.Verification.Pool.Reporting;

namespace Sirim.Verification.Pool.Tests;

/// <summary>
/// The sampler against a real PostgreSQL: pooled connections of an application named sirim-api running pg_sleep must
/// be seen as active, then idle; the sampler's own session must never be counted. Every wait is bounded; assertions
/// are on counts PostgreSQL reports, not on timing.
/// </summary>
[NonParallelizable]
public sealed class SamplerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private ThrowawayPostgres _postgres = null!;

    [OneTimeSetUp]
    public async Task StartPostgres()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        _postgres = await ThrowawayPostgres.StartAsync(timeout.Token);
        await using var connection = new NpgsqlConnection(_postgres.SuperuserConnectionString());
        await connection.OpenAsync(timeout.Token);
        foreach (var sql in new[] { "CREATE DATABASE sampler_self", "CREATE DATABASE sampler_unnamed", "CREATE TABLE gastos (id int PRIMARY KEY, importe numeric)", "INSERT INTO gastos VALUES (1, 10)" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(timeout.Token);
        }
    }

    [OneTimeTearDown]
    public async Task StopPostgres() => await _postgres.DisposeAsync();

    [Test]
    [CancelAfter(120_000)]
    public async Task Sees_the_pooled_connections_of_the_app_and_not_itself_nor_other_apps(CancellationToken cancellationToken)
    {
        await using var app = NpgsqlDataSource.Create(_postgres.SuperuserConnectionString() + ";Application Name=sirim-api;Maximum Pool Size=5;Timeout=10");
        await using var otherApp = NpgsqlDataSource.Create(_postgres.SuperuserConnectionString() + ";Application Name=other-app");
        await using var otherConnection = await otherApp.OpenConnectionAsync(cancellationToken);
        var sampler = new PgActivitySampler(new PoolSamplerOptions
        {
            ConnectionString = _postgres.SuperuserConnectionString(),
            Database = "postgres",
            ApplicationName = "sirim-api",
            Interval = TimeSpan.FromMilliseconds(50),
            MaxDuration = TimeSpan.FromMinutes(1),
        });
        var allActive = new TaskCompletionSource<PoolSample>(TaskCreationOptions.RunContinuationsAsynchronously);
        var allIdle = new TaskCompletionSource<PoolSample>(TaskCreationOptions.RunContinuationsAsynchronously);
        var onSample = new Inline<PoolSample>(sample =>
        {
            if (sample.Active == 5)
            {
                allActive.TrySetResult(sample);
            }
            else if (allActive.Task.IsCompleted && sample.Idle == 5)
            {
                allIdle.TrySetResult(sample);
            }
        });

        await using var session = sampler.Start(onSample, cancellationToken);
        using var stopSleeping = new CancellationTokenSource();
        var sleepers = Enumerable.Range(0, 5).Select(_ => SleepAsync(app, stopSleeping.Token, cancellationToken)).ToList();
        var active = await allActive.Task.WaitAsync(Bound, cancellationToken);
        await stopSleeping.CancelAsync();
        await Task.WhenAll(sleepers).WaitAsync(Bound, cancellationToken);
        var idle = await allIdle.Task.WaitAsync(Bound, cancellationToken);
        var result = await session.StopAsync();

        Assert.Multiple(() =>
        {
            Assert.That(active, Is.EqualTo(active with { Total = 5, Active = 5, Idle = 0, IdleInTransaction = 0, Waiting = 0 }), "pg_sleep is active, not waiting on a lock");
            Assert.That(idle, Is.EqualTo(idle with { Total = 5, Active = 0, Idle = 5 }), "returned to the pool: open and idle");
            Assert.That(result.Samples.Max(s => s.Total), Is.EqualTo(5), "never the sampler itself nor the other app");
            Assert.That(result.Summary.MaxActive, Is.EqualTo(5));
            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.Stop, Is.EqualTo(PoolSamplingStop.Stopped));
            Assert.That(result.Samples.Select(s => s.Elapsed), Is.Ordered.Ascending);
            Assert.That(PoolVerdict.Evaluate(5, result.Summary, PoolExhaustionSignals.None).Message,
                Is.EqualTo("observed at most 5 connections (expected 5); no exhaustion signals"));
            Assert.That(PoolVerdict.Evaluate(20, result.Summary, PoolExhaustionSignals.None).Message,
                Is.EqualTo("observed at most 5 connections, expected 20"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Excludes_its_own_session_even_when_it_matches_every_filter(CancellationToken cancellationToken)
    {
        // Nothing else connects to sampler_self: the sampler's own session is the only one matching the filter.
        var sampler = new PgActivitySampler(new PoolSamplerOptions
        {
            ConnectionString = _postgres.SuperuserConnectionString("sampler_self"),
            Database = "sampler_self",
            ApplicationName = null,
            Interval = TimeSpan.FromMilliseconds(20),
        });
        var threeSamples = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var count = 0;

        await using var session = sampler.Start(new Inline<PoolSample>(_ =>
        {
            if (Interlocked.Increment(ref count) >= 3)
            {
                threeSamples.TrySetResult();
            }
        }), cancellationToken);
        await threeSamples.Task.WaitAsync(Bound, cancellationToken);
        var result = await session.StopAsync();

        Assert.That(result.Samples, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(result.Samples.Select(s => s.Total), Is.All.EqualTo(0));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Counts_sessions_idle_in_transaction_and_waiting_on_a_lock(CancellationToken cancellationToken)
    {
        var appConnectionString = _postgres.SuperuserConnectionString() + ";Application Name=sirim-locks;Pooling=false";
        await using var holder = new NpgsqlConnection(appConnectionString);
        await using var waiter = new NpgsqlConnection(appConnectionString);
        await holder.OpenAsync(cancellationToken);
        await waiter.OpenAsync(cancellationToken);
        await using var transaction = await holder.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand("UPDATE gastos SET importe = importe + 1 WHERE id = 1", holder, transaction))
        {
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var blocked = new NpgsqlCommand("UPDATE gastos SET importe = importe + 1 WHERE id = 1", waiter);
        var blockedUpdate = blocked.ExecuteNonQueryAsync(cancellationToken);
        var sampler = new PgActivitySampler(new PoolSamplerOptions
        {
            ConnectionString = _postgres.SuperuserConnectionString(),
            ApplicationName = "sirim-locks",
            Interval = TimeSpan.FromMilliseconds(50),
        });
        var contention = new TaskCompletionSource<PoolSample>(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var session = sampler.Start(new Inline<PoolSample>(sample =>
        {
            if (sample is { IdleInTransaction: 1, Waiting: 1 })
            {
                contention.TrySetResult(sample);
            }
        }), cancellationToken);
        var seen = await contention.Task.WaitAsync(Bound, cancellationToken);
        await transaction.RollbackAsync(cancellationToken);
        await blockedUpdate.WaitAsync(Bound, cancellationToken);
        var result = await session.StopAsync();

        Assert.That(seen, Is.EqualTo(seen with { Total = 2, Active = 1, Idle = 0, IdleInTransaction = 1, Waiting = 1 }));
        Assert.That(result.Summary.MaxWaiting, Is.EqualTo(1));
        Assert.That(result.Summary.MaxIdleInTransaction, Is.EqualTo(1));
    }

    [TestCase(null, 3, "no application_name filter", "@application_name = NULL", TestName = "no application_name filter: sessions without one are counted")]
    [TestCase("sirim-api", 0, "application_name = 'sirim-api'", "@application_name = 'sirim-api'", TestName = "application_name filter: sessions without one are not counted")]
    [CancelAfter(60_000)]
    public async Task Sessions_without_an_application_name_are_counted_only_when_the_filter_is_off(
        string? applicationName, int counted, string filter, string parameter, CancellationToken cancellationToken)
    {
        // An app whose pool sets no Application Name: PostgreSQL shows its sessions with an empty application_name.
        await using var app = NpgsqlDataSource.Create(_postgres.SuperuserConnectionString("sampler_unnamed") + ";Maximum Pool Size=3");
        var open = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                open.Add(await app.OpenConnectionAsync(cancellationToken));
            }

            var result = await new PgActivitySampler(new PoolSamplerOptions
            {
                ConnectionString = _postgres.SuperuserConnectionString(),
                Database = "sampler_unnamed",
                ApplicationName = applicationName,
                Interval = TimeSpan.FromMilliseconds(50),
                MaxDuration = TimeSpan.FromMilliseconds(400),
            }).RunAsync(cancellationToken: cancellationToken);

            Assert.Multiple(() =>
            {
                Assert.That(result.Samples, Is.Not.Empty);
                Assert.That(result.Samples.Select(s => s.Total), Is.All.EqualTo(counted));
                Assert.That(result.ApplicationNameFilter, Is.EqualTo(filter));
                Assert.That(result.SqlParameters, Does.EndWith(parameter));
                Assert.That(PoolVerdict.Evaluate(3, result.Summary, PoolExhaustionSignals.None, applicationNameFilter: result.ApplicationNameFilter).Message,
                    Is.EqualTo(counted == 3
                        ? "observed at most 3 connections (expected 3); no exhaustion signals (sessions counted with no application_name filter)"
                        : "observed at most 0 connections, expected 3 (sessions counted with application_name = 'sirim-api')"));
            });
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Stops_by_itself_at_the_maximum_duration(CancellationToken cancellationToken)
    {
        var sampler = new PgActivitySampler(new PoolSamplerOptions
        {
            ConnectionString = _postgres.SuperuserConnectionString(),
            Interval = TimeSpan.FromMilliseconds(50),
            MaxDuration = TimeSpan.FromMilliseconds(300),
        });

        var result = await sampler.RunAsync(cancellationToken: cancellationToken);

        Assert.That(result.Stop, Is.EqualTo(PoolSamplingStop.MaxDuration));
        Assert.That(result.Samples, Is.Not.Empty);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task An_unreachable_database_is_reported_without_revealing_the_password(CancellationToken cancellationToken)
    {
        var closedPort = ThrowawayPostgres.FreePort();
        var sampler = new PgActivitySampler(new PoolSamplerOptions
        {
            ConnectionString = $"Host=127.0.0.1;Port={closedPort};Username=monitor;Password=not-a-real-secret;Database=sirim",
            ConnectTimeout = TimeSpan.FromSeconds(2),
        });

        var result = await sampler.RunAsync(cancellationToken: cancellationToken);
        var evidence = PoolMarkdown.Render(result, PoolVerdict.Evaluate(20, result.Summary, PoolExhaustionSignals.None));

        Assert.Multiple(() =>
        {
            Assert.That(result.Stop, Is.EqualTo(PoolSamplingStop.ConnectionFailed));
            Assert.That(result.Samples, Is.Empty);
            Assert.That(result.Errors.Single(), Does.StartWith(
                $"could not open the monitoring connection (host=127.0.0.1 port={closedPort} database=sirim user=monitor application_name=sirim-pool-sampler (password redacted)): "));
            Assert.That(evidence, Does.Contain("**Verdict**: the pool sampler took no samples; the pool size cannot be proven"));
            Assert.That(evidence + string.Join(' ', result.Errors), Does.Not.Contain("not-a-real-secret"));
        });
    }

    private static async Task SleepAsync(NpgsqlDataSource app, CancellationToken stop, CancellationToken testToken)
    {
        await using var connection = await app.OpenConnectionAsync(testToken);
        await using var command = new NpgsqlCommand("SELECT pg_sleep(60)", connection);
        try
        {
            await command.ExecuteNonQueryAsync(stop);
        }
        catch (Exception exception) when (stop.IsCancellationRequested
                                          && exception is OperationCanceledException or PostgresException { SqlState: "57014" })
        {
            // Cancelled on purpose once the sampler has seen the five sessions.
        }
    }

    /// <summary>Runs the callback on the reporting thread (Progress&lt;T&gt; would post it elsewhere).</summary>
    private sealed class Inline<T>(Action<T> action) : IProgress<T>
    {
        public void Report(T value) => action(value);
    }
}
