using Sirim.Verification.Core.Http;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.LoadGate.Http;
using Sirim.Verification.Pool;
using Sirim.Verification.Pool.Reporting;

namespace Sirim.Verification.LoadGate;

/// <summary>Test data the routes with a cleanup created and removed again.</summary>
/// <param name="Deleted">Items whose cleanup answered as expected and that are not found still present.</param>
/// <param name="Leftover">Items still in the environment: the cleanup failed, or it answered as expected and the item is still served.</param>
/// <param name="Tag">The text of {tag}, which the created items carry when their body uses it, so leftovers can be found by hand.</param>
/// <param name="Verified">Deletions read back after the run (GET answered 404, or 200 when the item was not really deleted).</param>
/// <param name="StillPresent">Items whose cleanup answered as expected but that the API still serves (also in <paramref name="Leftover"/>).</param>
/// <param name="ReadBack">How a deletion is read back, e.g. "GET /api/gastos/&lt;id&gt;".</param>
/// <param name="Delete">How an item is removed by hand, e.g. "DELETE /api/gastos/&lt;id&gt;".</param>
public sealed record WriteCleanup(long Created, long Deleted, IReadOnlyList<CreatedItem> Leftover, string Tag, long Verified,
    IReadOnlyList<CreatedItem> StillPresent, string ReadBack, string Delete);

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
