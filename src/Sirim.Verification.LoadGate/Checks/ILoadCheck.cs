using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>A small, pure rule with a stable snake_case id that judges what one load gate run measured.</summary>
public interface ILoadCheck
{
    string Id { get; }
    Severity Severity { get; }
    CheckOutcome Evaluate(LoadGateResult run);
}
