using System.Text.Json;
using System.Text.RegularExpressions;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Core.Tests;

/// <summary>
/// Every check id used anywhere (checks, gates, the seeded-defect catalogue) has a row in <see cref="FindingCatalog"/>:
/// a new check without one would report a kind nobody chose. The ids are found in the sources, as a reader finds them.
/// </summary>
public sealed class FindingCatalogTests
{
    private static readonly (Regex Pattern, Func<string, Match, string?> Id)[] Uses =
    [
        (new(@"\bId\s*(?:=>|=)\s*""([a-z][a-z0-9_]*)"""), (_, m) => m.Groups[1].Value),
        (new(@"\bCheckId\s*=\s*""([a-z][a-z0-9_]*)"""), (_, m) => m.Groups[1].Value),
        (new(@"const string (\w+)\s*=\s*""([a-z][a-z0-9]*_[a-z0-9_]+)"""), (_, m) => m.Groups[1].Value.EndsWith("Case", StringComparison.Ordinal) ? null : m.Groups[2].Value),
        (new(@"CheckOutcome\.(?:Fail|Pass|NotApplicable)\(\s*[^,()]+,\s*""([a-z][a-z0-9_]*)"""), (_, m) => m.Groups[1].Value),
        (new(@"new\(""([a-z][a-z0-9]*_[a-z0-9_]+)"","), (file, m) => file.Contains("/Checks/", StringComparison.Ordinal) ? m.Groups[1].Value : null),
        (new(@"Assert\.Fail\(\$?""\[[a-z]+\] ([a-z][a-z0-9_]*):"), (_, m) => m.Groups[1].Value == "configuration" ? null : m.Groups[1].Value),
    ];

    private static Dictionary<string, string> UsedCheckIds()
    {
        var root = RepositoryRoot.Find();
        var used = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new[] { "src", "load", Path.Combine("tests", "Sirim.Verification.Gates") }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            foreach (var (pattern, id) in Uses)
                foreach (Match m in pattern.Matches(text))
                    if (id(relative, m) is { } found) used.TryAdd(found, relative);
        }
        // The token checks are one rule per trick: token_<trick>_rejected.
        var forge = File.ReadAllText(Path.Combine(root, "src", "Sirim.Verification.Security", "Tokens", "TokenForge.cs"));
        foreach (Match m in new Regex(@"new\(""([a-z][a-z0-9_]*)"",").Matches(forge)) used.TryAdd($"token_{m.Groups[1].Value}_rejected", "src/Sirim.Verification.Security/Tokens/TokenForge.cs");
        using var defects = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "target", "Sirim.ReferenceTarget", "defects.json")));
        foreach (var d in defects.RootElement.EnumerateArray())
            if (d.TryGetProperty("caughtBy", out var c) && c.GetString() is { } id) used.TryAdd(id, "target/Sirim.ReferenceTarget/defects.json");
        return used;
    }

    [Test]
    public void Every_check_id_used_anywhere_has_a_kind_and_severity()
    {
        var used = UsedCheckIds();
        Assert.That(used.Count, Is.GreaterThan(80), "the scan of the sources found too few check ids: its patterns no longer match how checks are written");
        var missing = used.Where(u => FindingCatalog.Find(u.Key) is null).OrderBy(u => u.Key, StringComparer.Ordinal).ToList();
        Assert.That(missing, Is.Empty,
            "These check ids have no row in src/Sirim.Verification.Core/Checks/FindingCatalog.cs (add one with its default kind and severity, see README \"Findings\"):\n" +
            string.Join("\n", missing.Select(m => $"  - {m.Key}   (used in {m.Value})")));
    }

    [Test]
    public void The_catalogue_has_one_row_per_id_and_the_scale_one_row_per_kind()
    {
        Assert.That(FindingCatalog.Rows.GroupBy(r => r.CheckId).Where(g => g.Count() > 1).Select(g => g.Key), Is.Empty);
        Assert.That(FindingScale.Rows.Select(r => r.Kind), Is.EquivalentTo(Enum.GetValues<FindingKind>()));
        Assert.That(FindingCatalog.Find("canary_p99_increase")?.Kind, Is.EqualTo(FindingKind.BudgetExceeded));
        Assert.That(FindingCatalog.Find("no_such_check"), Is.Null);
    }

    [TestCase(201, FindingKind.Accepted)]
    [TestCase(302, FindingKind.Accepted)]
    [TestCase(403, FindingKind.WrongRefusal)]
    [TestCase(503, FindingKind.ServerError)]
    public void A_refusal_is_judged_by_what_was_seen(int status, FindingKind kind) =>
        Assert.That(FindingScale.OfRefusal(status), Is.EqualTo(kind));

    [Test]
    public void An_outcome_takes_its_ids_default_kind_unless_the_check_saw_another()
    {
        var failed = CheckOutcome.Fail("security", "nosniff", "GET /", Severity.Medium, "nosniff", "(absent)");
        Assert.That(failed.Kind, Is.EqualTo(FindingKind.MissingHardening));
        var seen = CheckOutcome.Fail("contracts", "auth_required", "DELETE /x", Severity.Critical, "401", "400").Seen(FindingKind.WrongRefusal, Severity.Low);
        Assert.That((seen.Kind, seen.Severity), Is.EqualTo((FindingKind.WrongRefusal, Severity.Low)));
        var passed = CheckOutcome.Pass("contracts", "auth_required", "DELETE /x", Severity.Critical).Seen(FindingKind.WrongRefusal);
        Assert.That(passed.Severity, Is.EqualTo(Severity.Critical), "a pass is not a finding: Seen leaves it alone");
    }
}
