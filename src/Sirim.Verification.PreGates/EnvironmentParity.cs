using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;

namespace Sirim.Verification.PreGates;

/// <summary>The names two environments share and the ones only one of them has.</summary>
public sealed record ParityResult(string LeftLabel, string RightLabel, IReadOnlyList<string> Common, IReadOnlyList<string> OnlyLeft, IReadOnlyList<string> OnlyRight)
{
    public bool NamesMatch => OnlyLeft.Count == 0 && OnlyRight.Count == 0;
}

/// <summary>
/// The environment parity pre-gate: dev and prod (or any two environments) must define the same variable NAMES; values
/// may and should differ (e.g. JWT_SECRET) and are never shown (<c>paridad_entornos.md</c>).
/// Check id <c>environment_parity</c>.
/// </summary>
public static class EnvironmentParity
{
    public const string Name = "parity";
    public const string CheckId = "environment_parity";
    public const string EvidenceFile = "paridad_entornos.md";

    public static ParityResult Compare(string leftLabel, IReadOnlyList<string> left, string rightLabel, IReadOnlyList<string> right) =>
        new(leftLabel, rightLabel,
            left.Intersect(right, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            left.Except(right, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            right.Except(left, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());

    /// <summary>An environment listing named by parityLeftFile / parityRightFile that does not exist: nothing can be compared.</summary>
    public static CheckOutcome ListingMissing(string path) =>
        CheckOutcome.Fail(Name, CheckId, path, Severity.High, "an environment listing to compare", "the file does not exist",
            "Point parityLeftFile (SIRIM_PARITY_LEFT) and parityRightFile (SIRIM_PARITY_RIGHT) at the two listings (dotenv, printenv or one name per line).");

    public static CheckOutcome Judge(ParityResult r)
    {
        var subject = $"{r.LeftLabel} vs {r.RightLabel}";
        if (r.NamesMatch)
            return CheckOutcome.Pass(Name, CheckId, subject, Severity.High) with { Actual = $"the same {r.Common.Count} names" };
        var parts = new List<string>();
        if (r.OnlyLeft.Count > 0) parts.Add($"only in {r.LeftLabel}: {string.Join(", ", r.OnlyLeft)}");
        if (r.OnlyRight.Count > 0) parts.Add($"only in {r.RightLabel}: {string.Join(", ", r.OnlyRight)}");
        return CheckOutcome.Fail(Name, CheckId, subject, Severity.High, "the same variable names in both environments (values may differ)",
            string.Join("; ", parts), "Define the missing names in the other environment (a flag or timeout missing in prod silently takes the framework default).");
    }

    public static MarkdownDocument Render(ParityResult r, IReadOnlyList<string> problems)
    {
        var doc = new MarkdownDocument($"Paridad de entornos — {r.LeftLabel} vs {r.RightLabel}");
        doc.Paragraph(r.NamesMatch
            ? $"**PASS** — both environments define the same {r.Common.Count} variable names."
            : $"**FAIL** — {r.OnlyLeft.Count} name(s) only in {r.LeftLabel}, {r.OnlyRight.Count} only in {r.RightLabel}.");
        doc.Paragraph("Only variable NAMES are compared and shown; values are dropped while reading the files and never appear here.");
        doc.Heading("Differences");
        var rows = r.OnlyLeft.Select(n => (IReadOnlyList<string>)[n, "present", "**missing**"])
            .Concat(r.OnlyRight.Select(n => (IReadOnlyList<string>)[n, "**missing**", "present"])).ToList();
        if (rows.Count == 0) doc.Paragraph("None.");
        else doc.Table(["variable", r.LeftLabel, r.RightLabel], rows);
        doc.Heading("Names in both").Paragraph(r.Common.Count == 0 ? "None." : string.Join(", ", r.Common.Select(n => $"`{n}`")));
        if (problems.Count > 0) doc.Heading("Lines not understood").Bullets(problems);
        return doc;
    }
}
