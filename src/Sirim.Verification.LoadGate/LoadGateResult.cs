using Sirim.Verification.Core.Http;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.Pool;
using Sirim.Verification.Pool.Reporting;

namespace Sirim.Verification.LoadGate;

/// <summary>Test data the write route created and removed again.</summary>
/// <param name="Tag">The text every created gasto carries (concepto), so leftovers can be found by hand.</param>
public sealed record WriteCleanup(long Created, long Deleted, IReadOnlyList<long> Leftover, string Tag);

/// <summary>Everything one load gate run measured: the engine's report, failed responses, exhaustion signals, test data, and the pool samples when sampled.</summary>
public sealed record LoadGateResult(
    LoadGatePlan Plan,
    LoadReport Report,
    IReadOnlyDictionary<string, IReadOnlyList<HttpExchange>> FailureSamples,
    PoolExhaustionSignals Signals,
    long MaxConcurrentRequests,
    WriteCleanup Cleanup,
    PoolSamplingResult? Pool,
    IReadOnlyList<ConcurrencyPoint> Concurrency)
{
    /// <summary>Responses with a 5xx status, all steps together.</summary>
    public long ServerErrors => Report.Overall.StatusCodes.Where(kv => kv.Key >= 500).Sum(kv => kv.Value);

    /// <summary>The first failed exchange, preferring a step named <paramref name="step"/>.</summary>
    public HttpExchange? FirstFailure(string? step = null) =>
        (step is not null && FailureSamples.TryGetValue(step, out var list) && list.Count > 0 ? list[0] : null)
        ?? FailureSamples.Values.SelectMany(v => v).FirstOrDefault();

    public HttpExchange? FirstServerError() =>
        FailureSamples.Values.SelectMany(v => v).FirstOrDefault(e => e.Status >= 500);
}
