using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.LoadGate.Checks;

/// <summary>
/// <c>test_data_cleaned_up</c>: every item the routes created (tagged with the run id when their body uses {tag}) was
/// removed again by the route's cleanup, so the verification leaves no data behind in the environment. A 204 is not
/// taken at its word: the deletions are read back after the run, and an item the API still serves counts as left behind.
/// </summary>
public sealed class TestDataCleanedUp : ILoadCheck
{
    public string Id => "test_data_cleaned_up";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(LoadGateResult run)
    {
        var c = run.Cleanup;
        var subject = $"profile {run.Plan.Profile.Name}: test data tagged '{c.Tag}'";
        if (c.Created == 0) return CheckOutcome.NotApplicable(LoadGateNames.Load, Id, subject, "no route created anything (read-only mode, or no route with a cleanup ran)");
        return c.Leftover.Count == 0
            ? CheckOutcome.Pass(LoadGateNames.Load, Id, $"{subject}: {c.Created} created, {c.Deleted} deleted, {c.Verified} read back as gone", Severity)
            : CheckOutcome.Fail(LoadGateNames.Load, Id, subject, Severity, $"all {c.Created} created items deleted",
                $"{c.Leftover.Count} left: ids {string.Join(", ", c.Leftover.Take(20))}{(c.Leftover.Count > 20 ? ", …" : "")}" +
                (c.StillPresent.Count == 0 ? "" :
                    $" ({(c.StillPresent.Count == c.Leftover.Count ? "all" : c.StillPresent.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} answered as deleted but {c.ReadBack} still returns them)"),
                c.StillPresent.Count > 0
                    ? $"The cleanup answers success without deleting: check that the delete is committed (transaction, soft-delete flag, replica). Then delete them by hand (search for '{c.Tag}')."
                    : $"Delete them by hand ({c.Delete}, or search for '{c.Tag}').",
                c.StillPresent.Count > 0 ? null : run.FirstFailure());
    }
}
