using Sirim.Verification.Core.Http;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.Pool;
using Sirim.Verification.Pool.Reporting;

namespace Sirim.Verification.LoadGate;

/// <summary>Test data the write route created and removed again.</summary>
/// <param name="Deleted">Gastos whose DELETE answered 204 and that are not found still present.</param>
/// <param name="Leftover">Ids still in the environment: the delete failed, or it answered 204 and the gasto is still served.</param>
/// <param name="Tag">The text every created gasto carries (concepto), so leftovers can be found by hand.</param>
/// <param name="Verified">Deletions read back after the run (GET answered 404, or 200 when the gasto was not really deleted).</param>
/// <param name="StillPresent">Ids whose DELETE answered 204 but that the API still serves (also in <paramref name="Leftover"/>).</param>
public sealed record WriteCleanup(long Created, long Deleted, IReadOnlyList<long> Leftover, string Tag, long Verified, IReadOnlyList<long> StillPresent);

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

    /// <summary>The earliest 5xx among the failed exchanges kept (the first signal of trouble, whichever route it hit).</summary>
    public HttpExchange? FirstServerError() =>
        FailureSamples.Values.SelectMany(v => v).Where(e => e.Status >= 500).OrderBy(e => e.StartedAt).FirstOrDefault();
}
