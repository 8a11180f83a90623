using System.Collections.Concurrent;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.LoadGate.Http;

/// <summary>
/// What the load saw go wrong, beyond the counts the engine keeps: the first few failed exchanges of each step (for
/// the failure message and the evidence) and the pool exhaustion signals found in 5xx bodies. Only the failure path
/// writes here (a few interlocked counters), so successful requests never contend on it.
/// </summary>
public sealed class FailureLog(int samplesPerStep = 3)
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<HttpExchange>> _samples = new();
    private long _poolTimeouts;
    private long _tooManyClients;

    public long PoolTimeoutErrors => Interlocked.Read(ref _poolTimeouts);
    public long TooManyClientsErrors => Interlocked.Read(ref _tooManyClients);

    /// <summary>First failed exchanges per step, in the order they happened.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<HttpExchange>> Samples =>
        _samples.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<HttpExchange>)kv.Value.ToList());

    public IEnumerable<HttpExchange> AllSamples => _samples.Values.SelectMany(q => q);

    public void Record(string step, HttpExchange exchange)
    {
        if (exchange.Response is { Status: >= 500 } response) Classify(response.Body);
        else if (exchange.TransportError is { } transport) Classify(transport);
        var queue = _samples.GetOrAdd(step, _ => new ConcurrentQueue<HttpExchange>());
        if (queue.Count < samplesPerStep) queue.Enqueue(exchange); // a few more under a race is harmless
    }

    /// <summary>
    /// Npgsql's pool timeout ("The connection pool has been exhausted"), the API's own wording of it, and PostgreSQL's
    /// "sorry, too many clients already" (SQLSTATE 53300) as the API may pass them on.
    /// </summary>
    private void Classify(string text)
    {
        if (text.Contains("pool", StringComparison.OrdinalIgnoreCase) &&
            (text.Contains("exhausted", StringComparison.OrdinalIgnoreCase) || text.Contains("timeout", StringComparison.OrdinalIgnoreCase)))
            Interlocked.Increment(ref _poolTimeouts);
        if (text.Contains("too many clients", StringComparison.OrdinalIgnoreCase) || text.Contains("53300", StringComparison.Ordinal) ||
            text.Contains("too many connections", StringComparison.OrdinalIgnoreCase))
            Interlocked.Increment(ref _tooManyClients);
    }
}
