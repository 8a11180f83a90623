using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.PreGates;

namespace Sirim.Verification.PreGates.Tests;

/// <summary>Secrets presence and environment parity: parsers table-driven, checks with pinned messages, values never kept.</summary>
public sealed class PreGatesTests
{
    private static IEnumerable<TestCaseData> Listings()
    {
        yield return new TestCaseData("# comment\nJWT_SECRET=abc\n\nexport DATABASE_URL=\"postgres://u:p@h/db\"\nEMPTY=\n", new[] { "JWT_SECRET", "DATABASE_URL", "EMPTY" }, 0).SetName("dotenv with export, quotes, empty value");
        yield return new TestCaseData("HOME=/root\nPATH=/usr/bin:/bin\nNODE_ENV=production\n", new[] { "HOME", "PATH", "NODE_ENV" }, 0).SetName("printenv output");
        yield return new TestCaseData("---\nJWT_SECRET: s3cr3t\nCONNECTION_POOL_SIZE: \"20\"\n", new[] { "JWT_SECRET", "CONNECTION_POOL_SIZE" }, 0).SetName("NAME: value listing");
        yield return new TestCaseData("JWT_SECRET\nDATABASE_URL\r\nTRUST_PROXY\n", new[] { "JWT_SECRET", "DATABASE_URL", "TRUST_PROXY" }, 0).SetName("one name per line, CRLF");
        yield return new TestCaseData("CERT=\"-----BEGIN\nMIIB...\n-----END\"\nNEXT=1\n", new[] { "CERT", "NEXT" }, 0).SetName("multi-line quoted value skipped whole");
        yield return new TestCaseData("A=1\nA=2\n", new[] { "A" }, 0).SetName("duplicate name once");
        yield return new TestCaseData("GOOD=1\nthis line = has spaces in name\n1BAD=2\n", new[] { "GOOD" }, 2).SetName("lines not understood are reported, not shown");
    }

    [TestCaseSource(nameof(Listings))]
    public void Reads_names_only(string text, string[] names, int problems)
    {
        var parsed = EnvListing.Parse(text);
        Assert.That(parsed.Names, Is.EqualTo(names));
        Assert.That(parsed.Problems, Has.Count.EqualTo(problems));
        Assert.That(string.Join("|", parsed.Problems), Does.Not.Contain("has spaces").And.Not.Contain("=2"), "a problem never shows the line's content");
    }

    [Test]
    public void Parity_lists_names_missing_on_each_side()
    {
        var r = EnvironmentParity.Compare("dev.env", ["JWT_SECRET", "DATABASE_URL", "DEBUG_SQL"], "prod.env", ["DATABASE_URL", "JWT_SECRET", "TRUST_PROXY", "KEEP_ALIVE_TIMEOUT"]);
        var rendered = FailureRenderer.Render(EnvironmentParity.Judge(r), Redactor.None);
        Assert.Multiple(() =>
        {
            Assert.That(r.Common, Is.EqualTo(new[] { "DATABASE_URL", "JWT_SECRET" }));
            Assert.That(rendered, Is.EqualTo(
                "[parity] environment_parity: dev.env vs prod.env   (severity high · prerequisite)\n" +
                "Expected: the same variable names in both environments (values may differ)\n" +
                "Actual:   only in dev.env: DEBUG_SQL; only in prod.env: KEEP_ALIVE_TIMEOUT, TRUST_PROXY\n" +
                "Hint:     Define the missing names in the other environment (a flag or timeout missing in prod silently takes the framework default).\n"));
            var md = EnvironmentParity.Render(r, []).ToString();
            Assert.That(md, Does.Contain("# Paridad de entornos — dev.env vs prod.env").And.Contain("| DEBUG_SQL | present | **missing** |")
                .And.Contain("| TRUST_PROXY | **missing** | present |"));
        });
    }

    [Test]
    public void Parity_passes_on_the_same_names_in_any_order()
    {
        var o = EnvironmentParity.Judge(EnvironmentParity.Compare("dev", ["A", "B"], "prod", ["B", "A"]));
        Assert.That((o.Status, o.Actual), Is.EqualTo((CheckStatus.Passed, "the same 2 names")));
    }

    [Test]
    public void Secrets_are_reported_set_or_missing_never_with_values()
    {
        var env = new Dictionary<string, string?> { ["JWT_SECRET"] = "value-that-must-not-appear", ["DATABASE_URL"] = "  " };
        var presence = SecretsPreGate.Probe(["JWT_SECRET", "DATABASE_URL", "CONNECTION_POOL_SIZE"], n => env.GetValueOrDefault(n));
        var outcomes = SecretsPreGate.Judge(presence);
        var md = SecretsPreGate.Render("production", presence).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(presence.Select(p => $"{p.Name}={p.IsSet}"), Is.EqualTo(new[] { "JWT_SECRET=True", "DATABASE_URL=False", "CONNECTION_POOL_SIZE=False" }));
            Assert.That(FailureRenderer.Render(outcomes[2], Redactor.None), Is.EqualTo(
                "[presecrets] secret_present: CONNECTION_POOL_SIZE   (severity critical · prerequisite)\n" +
                "Expected: set (non-empty) in the environment\n" +
                "Actual:   missing\n" +
                "Hint:     Provision CONNECTION_POOL_SIZE in the CI secret store or the deployment's environment and re-run; load gates wait for it.\n"));
            Assert.That(outcomes[0].Status, Is.EqualTo(CheckStatus.Passed));
            Assert.That(md, Does.Contain("| JWT_SECRET | set |").And.Contain("| DATABASE_URL | **missing** |")
                .And.Contain("**FAIL** — 2 of 3 required secrets missing: `DATABASE_URL`, `CONNECTION_POOL_SIZE`. The load and pool gates do not run")
                .And.Not.Contain("value-that-must-not-appear"));
        });
    }

    [Test]
    public void Load_gates_are_held_back_while_a_required_secret_is_missing()
    {
        var env = new Dictionary<string, string?>
        {
            ["SIRIM_API_URL"] = "http://127.0.0.1:5000", ["SIRIM_REQUIRED_SECRETS"] = "JWT_SECRET,CONNECTION_POOL_SIZE", ["JWT_SECRET"] = "a-long-jwt-secret",
        };
        var options = TargetOptionsLoader.Load(new SettingsSource(n => env.GetValueOrDefault(n), _ => null)).Options!;
        Assert.Multiple(() =>
        {
            Assert.That(SecretsPreGate.HoldBackReason("load", options, n => env.GetValueOrDefault(n)), Is.EqualTo(
                "NOT RUN: required secret(s) CONNECTION_POOL_SIZE missing from the environment; load gates wait until they are provisioned (see secrets_provisioning.md)"));
            Assert.That(SecretsPreGate.HoldBackReason("pool", options, n => env.GetValueOrDefault(n)), Is.Not.Null);
            Assert.That(SecretsPreGate.HoldBackReason("smoke", options, n => env.GetValueOrDefault(n)), Is.Null);
            env["CONNECTION_POOL_SIZE"] = "20";
            Assert.That(SecretsPreGate.HoldBackReason("load", options, n => env.GetValueOrDefault(n)), Is.Null);
            // The required names are secrets of the run: shown as set / missing, their values redacted from every output.
            Assert.That(options.Settings.Single(s => s.Definition.EnvironmentVariable == "JWT_SECRET").Display, Is.EqualTo("set"));
            Assert.That(options.SecretValues, Does.Contain("a-long-jwt-secret"));
        });
    }

    [Test]
    public void A_required_secret_name_that_is_not_a_variable_name_is_a_configuration_error()
    {
        var env = new Dictionary<string, string?> { ["SIRIM_API_URL"] = "http://127.0.0.1:5000", ["SIRIM_REQUIRED_SECRETS"] = "JWT_SECRET,1X=2" };
        var loaded = TargetOptionsLoader.Load(new SettingsSource(n => env.GetValueOrDefault(n), _ => null));
        Assert.That(loaded.Errors, Does.Contain("requiredSecrets (SIRIM_REQUIRED_SECRETS): '1X=2' is not an environment variable name."));
    }

    [Test]
    public void A_missing_listing_fails_parity_naming_the_file_and_the_settings()
    {
        Assert.That(FailureRenderer.Render(EnvironmentParity.ListingMissing("/deploy/prod.env"), Redactor.None), Is.EqualTo(
            "[parity] environment_parity: /deploy/prod.env   (severity high · prerequisite)\nExpected: an environment listing to compare\nActual:   the file does not exist\n" +
            "Hint:     Point parityLeftFile (SIRIM_PARITY_LEFT) and parityRightFile (SIRIM_PARITY_RIGHT) at the two listings (dotenv, printenv or one name per line).\n"));
    }
}
