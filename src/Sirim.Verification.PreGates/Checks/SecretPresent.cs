using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.PreGates.Checks;

/// <summary>
/// <c>secret_present</c>: a required secret is set in the environment of the run. The outcome names the variable and
/// says set / missing; it cannot carry the value because it never receives it.
/// </summary>
public sealed class SecretPresent
{
    public const string Id = "secret_present";

    public CheckOutcome Evaluate(SecretPresence presence) => presence.IsSet
        ? CheckOutcome.Pass(SecretsPreGate.Name, Id, presence.Name, Severity.Critical) with { Actual = "set" }
        : CheckOutcome.Fail(SecretsPreGate.Name, Id, presence.Name, Severity.Critical, "set (non-empty) in the environment", "missing",
            $"Provision {presence.Name} in the CI secret store or the deployment's environment and re-run; load gates wait for it.");
}
