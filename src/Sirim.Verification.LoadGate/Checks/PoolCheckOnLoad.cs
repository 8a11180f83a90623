using Sirim.Verification.Core.Checks;
using Sirim.Verification.Pool.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>A pool check of the pool library judging a load gate run (through <see cref="LoadGateResult.ForPool"/>).</summary>
public sealed class PoolCheckOnLoad(ICheck<PoolRun> check) : ICheck<LoadGateResult>
{
    public string Id => check.Id;
    public Severity Severity => check.Severity;
    public CheckOutcome Evaluate(LoadGateResult run) => check.Evaluate(run.ForPool());
}
