using Sirim.Verification.Security.Csp;

namespace Sirim.Verification.Security.Tests;

/// <summary>The CSP parser on named cases: directives, fallbacks to default-src, duplicates, several policies.</summary>
public sealed class CspParserTests
{
    public static IEnumerable<TestCaseData> EffectiveCases()
    {
        yield return new TestCaseData("default-src 'none'", "script-src", "'none'").SetName("script-src falls back to default-src");
        yield return new TestCaseData("default-src 'self'; script-src 'self' https://cdn.example", "script-src", "'self' https://cdn.example").SetName("own script-src wins");
        yield return new TestCaseData("default-src 'none'", "base-uri", null).SetName("base-uri does not fall back");
        yield return new TestCaseData("default-src 'none'", "frame-ancestors", null).SetName("frame-ancestors does not fall back");
        yield return new TestCaseData("script-src 'self'", "script-src-elem", "'self'").SetName("script-src-elem falls back to script-src");
        yield return new TestCaseData("img-src data:", "object-src", null).SetName("no default-src: unrestricted");
        yield return new TestCaseData("  Script-Src   'self'  ;;  ", "script-src", "'self'").SetName("names are case-insensitive, empty parts ignored");
        yield return new TestCaseData("script-src 'self'; script-src *", "script-src", "'self'").SetName("first duplicate counts");
    }

    [TestCaseSource(nameof(EffectiveCases))]
    public void Effective_sources(string policy, string directive, string? expected)
    {
        var effective = ContentSecurityPolicy.Parse(policy).Effective(directive);
        Assert.That(effective is null ? null : string.Join(' ', effective), Is.EqualTo(expected));
    }

    [TestCase("script-src 'self'; script-src *", "'script-src' appears twice (the second is ignored)")]
    [TestCase("script_src 'self'", "'script_src' is not a directive name")]
    [TestCase(" ; ", "no directive")]
    public void Problems_are_named(string policy, string problem) =>
        Assert.That(ContentSecurityPolicy.Parse(policy).Problems, Does.Contain(problem));

    [Test]
    public void Several_headers_and_comma_separated_policies_are_separate_policies()
    {
        var all = ContentSecurityPolicy.ParseAll(["default-src 'self', script-src 'none'", "object-src 'none'"]);
        Assert.That(all.Select(p => string.Join(",", p.Directives.Keys)), Is.EqualTo(new[] { "default-src", "script-src", "object-src" }));
    }

    [TestCase("https:", true)]
    [TestCase("data:", true)]
    [TestCase("https://a.example", false)]
    [TestCase("'self'", false)]
    public void Scheme_sources(string source, bool isScheme) => Assert.That(ContentSecurityPolicy.IsSchemeSource(source), Is.EqualTo(isScheme));
}
