using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>
/// <c>test_data_cleaned_up</c>: every item the routes created (tagged with the run id when their body uses {tag}) is
/// gone after the run. A 204 is not taken at its word: the Core cleanup reads every deletion back and deletes again
/// what is still served (<see cref="Core.Cleanup.CleanupAccount.Judge"/>); an item still there is named with how to
/// remove it.
/// </summary>
public sealed class TestDataCleanedUp : ICheck<LoadGateResult>
{
    public string Id => Core.Cleanup.CleanupAccount.CheckId;
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(LoadGateResult run)
    {
        var c = run.Cleanup;
        var subject = $"profile {run.Plan.Profile.Name}: test data tagged '{c.RunTag}'";
        if (c.Results.Count == 0 && c.Leftovers.Count == 0)
            return CheckOutcome.NotApplicable(LoadGateNames.Load, Id, subject, "no route created anything (read-only mode, or no route with a cleanup ran)");
        var outcome = c.Judge(Severity);
        return outcome with { Subject = $"{subject}: {outcome.Subject}" };
    }
}
