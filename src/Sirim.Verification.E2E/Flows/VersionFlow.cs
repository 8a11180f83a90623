using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Flows;

/// <summary>scenarios/e2e/frontend_version.md: the version in the footer is read, recorded and compared with the expected one.</summary>
public sealed class VersionFlow : IFlow
{
    public string Id => "frontend_version";
    public string Title => "The frontend shows the expected release version";
    public bool Mutates => false;

    /// <summary>The version the footer showed in the last run of this flow (recorded in the evidence).</summary>
    public string? Shown { get; private set; }

    public async Task<IReadOnlyList<CheckOutcome>> RunAsync(FlowContext f)
    {
        await f.StepAsync("open the frontend", f.OpenAsync);
        await f.StepAsync("read the footer version", async () =>
        {
            var version = f.Element(PageRoles.AppVersion);
            // The footer shows '…' until version.json is read.
            await version.Filter(new() { HasNotTextRegex = new("^\\s*…\\s*$") }).WaitForAsync();
            Shown = (await version.TextContentAsync())?.Trim();
            await f.ScreenshotAsync("footer version");
        });
        return [FrontendVersionMatches.Evaluate(Id, f.Map.Describe(PageRoles.AppVersion), Shown, f.Options.ExpectedVersion)];
    }
}
