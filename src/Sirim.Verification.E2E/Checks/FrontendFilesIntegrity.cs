using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Integrity;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// The frontend is immutable: the deployment serves exactly the released build. Three rules, one id each:
/// <c>frontend_file_unchanged</c> (same bytes as the manifest), <c>frontend_file_present</c> (every manifest file is
/// served) and <c>frontend_no_extra_file</c> (nothing referenced that the build does not contain).
/// </summary>
public static class FrontendFilesIntegrity
{
    public const string Unchanged = "frontend_file_unchanged";
    public const string Present = "frontend_file_present";
    public const string NoExtra = "frontend_no_extra_file";

    public static IReadOnlyList<CheckOutcome> Evaluate(string frontendUrl, IReadOnlyList<FileComparison> rows) =>
    [
        Judge(Unchanged, frontendUrl, rows, FileVerdict.Changed, "every file byte-identical to the manifest (sha256, size)",
            "A deployed file differs from the released build: a hot-fix on the server, a CDN rewrite or the wrong build. The frontend must be immutable: redeploy the released build."),
        Judge(Present, frontendUrl, rows, FileVerdict.Missing, "every manifest file served with 200",
            "Part of the build is not deployed (or the server answers an error): the release is incomplete."),
        Judge(NoExtra, frontendUrl, rows, FileVerdict.Extra, "no file outside the manifest is referenced or served",
            "The deployed pages reference a file the released build does not contain: something was added after the build."),
    ];

    private static CheckOutcome Judge(string id, string url, IReadOnlyList<FileComparison> rows, FileVerdict bad, string expected, string hint)
    {
        var offending = rows.Where(r => r.Verdict == bad).ToList();
        var subject = $"frontend {url}";
        if (offending.Count == 0) return CheckOutcome.Pass(E2EGate.IntegrityName, id, subject, Severity.Critical);
        return CheckOutcome.Fail(E2EGate.IntegrityName, id, subject, Severity.Critical, expected,
            $"{offending.Count} file(s) {bad.ToString().ToLowerInvariant()}:\n  " + string.Join("\n  ", offending.Select(r => r.Describe())), hint);
    }
}
