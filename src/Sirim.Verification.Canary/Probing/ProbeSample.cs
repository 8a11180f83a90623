namespace Sirim.Verification.Canary.Probing;

/// <summary>Which deployment a probe went to.</summary>
public enum Side { Baseline, Canary }

/// <summary>
/// One probe request as measured: status (null when nothing came back), latency, and the transport failure if any.
/// An error is a transport failure or a status ≥ 400; latency statistics use the answers that were not errors.
/// </summary>
public sealed record ProbeSample(Side Side, string Path, int? Status, double LatencyMs, string? TransportError = null)
{
    public bool IsError => Status is null or >= 400;
    public bool IsServerError => Status is >= 500;
}
