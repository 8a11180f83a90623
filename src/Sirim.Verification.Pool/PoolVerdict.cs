using System.Globalization;

namespace Sirim.Verification.Pool;

/// <summary>
/// Signs, gathered by the load (not by the sampler), that the app ran out of database connections: pool timeout
/// errors ("The connection pool has been exhausted"), 5xx responses, and PostgreSQL's "too many clients already".
/// </summary>
public sealed record PoolExhaustionSignals(long PoolTimeoutErrors = 0, long ServerErrors5xx = 0, long TooManyClientsErrors = 0)
{
    /// <summary>No signal at all.</summary>
    public static PoolExhaustionSignals None { get; } = new();

    /// <summary>Whether any signal was seen.</summary>
    public bool Any => PoolTimeoutErrors > 0 || ServerErrors5xx > 0 || TooManyClientsErrors > 0;

    /// <summary>The non-zero signals in words: "3 pool timeout errors, 2 responses 5xx".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (PoolTimeoutErrors > 0)
        {
            parts.Add($"{PoolTimeoutErrors} pool timeout error{Plural(PoolTimeoutErrors)}");
        }

        if (ServerErrors5xx > 0)
        {
            parts.Add($"{ServerErrors5xx} response{Plural(ServerErrors5xx)} 5xx");
        }

        if (TooManyClientsErrors > 0)
        {
            parts.Add($"{TooManyClientsErrors} 'too many clients' error{Plural(TooManyClientsErrors)}");
        }

        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static string Plural(long count) => count == 1 ? string.Empty : "s";
}

/// <summary>
/// Judgement of the pool proof: the app's connections reached the expected pool size (default 20, the SIRIM
/// requirement "pool efectivo ≥ 20") while at least that many requests were in flight, and nothing shows exhaustion.
/// </summary>
/// <param name="Passed">Whether the pool is proven.</param>
/// <param name="Message">One line: "observed at most 10 connections, expected 20" when short.</param>
/// <param name="ExpectedPoolSize">Expected pool size.</param>
/// <param name="ObservedMax">Most connections seen in one sample.</param>
/// <param name="Findings">Every reason for the verdict, and remarks that do not fail it.</param>
public sealed record PoolVerdict(bool Passed, string Message, int ExpectedPoolSize, int ObservedMax, IReadOnlyList<string> Findings)
{
    /// <summary>Default expected pool size of the SIRIM API.</summary>
    public const int DefaultExpectedPoolSize = 20;

    /// <summary>
    /// Judges a sampling run. <paramref name="maxOfferedConcurrency"/> is the most requests the load had in flight at
    /// once; when it is below the expected size the pool could not have been filled, and the message says so.
    /// <paramref name="applicationNameFilter"/> (e.g. <see cref="PoolSamplingResult.ApplicationNameFilter"/>), when
    /// given, ends the message, so the verdict says which sessions it counted.
    /// </summary>
    public static PoolVerdict Evaluate(int expectedPoolSize, PoolSummary summary, PoolExhaustionSignals signals, int? maxOfferedConcurrency = null,
        string? applicationNameFilter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(expectedPoolSize, 1);
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(signals);
        var failures = new List<string>();
        var remarks = new List<string>();
        var observed = summary.MaxTotal;

        if (summary.Samples == 0)
        {
            failures.Add("the pool sampler took no samples; the pool size cannot be proven");
        }
        else if (observed < expectedPoolSize)
        {
            var shortfall = $"observed at most {observed} connections, expected {expectedPoolSize}";
            if (maxOfferedConcurrency is { } offered && offered < expectedPoolSize)
            {
                shortfall += $" (the load had at most {offered} requests in flight, fewer than the {expectedPoolSize} needed to fill the pool)";
            }

            failures.Add(shortfall);
        }
        else if (observed > expectedPoolSize)
        {
            remarks.Add($"observed {observed} connections, more than the expected pool size of {expectedPoolSize}: several app instances share the filter, or the pool is larger than configured");
        }

        if (signals.Any)
        {
            failures.Add("pool exhaustion signals: " + signals.Describe());
        }

        var passed = failures.Count == 0;
        var message = passed
            ? string.Create(CultureInfo.InvariantCulture, $"observed at most {observed} connections (expected {expectedPoolSize}); no exhaustion signals")
            : string.Join("; ", failures);
        if (applicationNameFilter is not null)
        {
            message += $" (sessions counted with {applicationNameFilter})";
        }

        return new PoolVerdict(passed, message, expectedPoolSize, observed, failures.Concat(remarks).ToList());
    }
}
