using Sirim.ReferenceTarget.Hosting;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.E2E.Tests;

/// <summary>
/// <see cref="NoDataProof"/> in the alt convention profile (its own deployment and Chromium, next to the other
/// fixtures); the standard profile's proof runs on the deployment of <see cref="E2ESuiteAgainstReferenceTests"/>.
/// </summary>
[Parallelizable(ParallelScope.Self)]
public sealed class WritingGatesLeaveNoDataTests : AgainstReferenceWithInProcessGate
{
    protected override ReferenceProfile? Profile => ReferenceProfile.Alt;

    [Test]
    public Task Contracts_e2e_and_load_leave_no_row_carrying_the_run_id_in_any_table() =>
        NoDataProof.AssertLeavesNoDataAsync(Reference, "runsettings/reference-alt.runsettings", Gate);
}
