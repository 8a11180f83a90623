using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.LoadGate.Http;
using Sirim.Verification.Pool;
using Sirim.Verification.Pool.Checks;
using Sirim.Verification.Pool.Reporting;

namespace Sirim.Verification.LoadGate;

/// <summary>Everything one load gate run measured: the engine's report, failed responses, exhaustion signals, the account of its test data (created, removed, verified), and the pool samples when sampled.</summary>
public sealed record LoadGateResult(
    LoadGatePlan Plan,
    LoadReport Report,
    IReadOnlyDictionary<string, IReadOnlyList<HttpExchange>> FailureSamples,
    PoolExhaustionSignals Signals,
    long MaxConcurrentRequests,
    CleanupAccount Cleanup,
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

    /// <summary>What the pool checks judge of this run.</summary>
    public PoolRun ForPool() => new(Plan.Profile.Name, Report.Overall.Count, Signals, MaxConcurrentRequests, Pool, FirstServerError());
}
