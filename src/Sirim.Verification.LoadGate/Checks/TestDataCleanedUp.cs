using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>
/// <c>test_data_cleaned_up</c>: every gasto the write route created (tagged with the run id) was deleted again, so the
/// verification leaves no data behind in the environment. A 204 is not taken at its word: the deletions are read back
/// after the run, and a gasto the API still serves counts as left behind.
/// </summary>
public sealed class TestDataCleanedUp : ILoadCheck
{
    public string Id => "test_data_cleaned_up";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(LoadGateResult run)
    {
        var c = run.Cleanup;
        var subject = $"profile {run.Plan.Profile.Name}: gastos tagged '{c.Tag}'";
        if (c.Created == 0) return CheckOutcome.NotApplicable(LoadGateNames.Load, Id, subject, "the write route created nothing (read-only mode, or it did not run)");
        return c.Leftover.Count == 0
            ? CheckOutcome.Pass(LoadGateNames.Load, Id, $"{subject}: {c.Created} created, {c.Deleted} deleted, {c.Verified} read back as gone", Severity)
            : CheckOutcome.Fail(LoadGateNames.Load, Id, subject, Severity, $"all {c.Created} created gastos deleted",
                $"{c.Leftover.Count} left: ids {string.Join(", ", c.Leftover.Take(20))}{(c.Leftover.Count > 20 ? ", …" : "")}" +
                (c.StillPresent.Count == 0 ? "" :
                    $" ({(c.StillPresent.Count == c.Leftover.Count ? "all" : c.StillPresent.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} answered 204 to DELETE but GET /api/gastos/<id> still returns them)"),
                c.StillPresent.Count > 0
                    ? $"DELETE answers 204 without deleting: check that the delete is committed (transaction, soft-delete flag, replica). Then delete them by hand (search concepto '{c.Tag}')."
                    : $"Delete them by hand (DELETE /api/gastos/<id>, or search concepto '{c.Tag}').",
                c.StillPresent.Count > 0 ? null : run.FirstFailure());
    }
}
