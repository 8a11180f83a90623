using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Core.Tests;

public sealed class GateSettingsValidationTests
{
    private static LoadedOptions Load(Dictionary<string, string> env) =>
        TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));

    private static readonly Dictionary<string, string> Valid = new()
    {
        ["SIRIM_API_URL"] = "https://api.sirim.example",
        ["SIRIM_CANARY_URL"] = "https://canary.sirim.example/?token=Canary-T0ken-S3cret",
    };

    [Test]
    public void Every_gate_error_is_listed_in_one_report_with_its_gate_and_the_options_are_withdrawn()
    {
        var loaded = Load(Valid).ValidateGates(
        [
            new("security", _ => ["securityRateLimit (SIRIM_SECURITY_RATE_LIMIT): '0' is not a whole number from 1 to 1000."]),
            new("e2e", _ => []),
            new("load", _ => ["p95_budget (setting p95Budget [Environment]): 'p95 < fast' is not a duration", "profile missing"]),
            // The same problem found through another gate built from the same settings is listed once.
            new("pool", _ => ["p95_budget (setting p95Budget [Environment]): 'p95 < fast' is not a duration"]),
        ]);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.IsValid, Is.False);
            Assert.That(loaded.Options, Is.Null, "no gate may start");
            Assert.That(loaded.Errors, Is.EqualTo(new[]
            {
                "security: securityRateLimit (SIRIM_SECURITY_RATE_LIMIT): '0' is not a whole number from 1 to 1000.",
                "load: p95_budget (setting p95Budget [Environment]): 'p95 < fast' is not a duration",
                "load: profile missing",
            }));
            Assert.That(loaded.ErrorReport, Does.StartWith("The configuration is not valid; nothing was sent to the target.\n  - security: "));
        });
    }

    [Test]
    public void Good_gate_settings_keep_the_options()
    {
        var loaded = Load(Valid);
        var validated = loaded.ValidateGates([new("security", _ => []), new("canary", _ => [])]);
        Assert.That(validated, Is.SameAs(loaded));
        Assert.That(validated.IsValid, Is.True);
    }

    [Test]
    public void Gate_errors_are_checked_with_target_errors_and_pass_through_the_redactor()
    {
        var env = new Dictionary<string, string>(Valid) { ["SIRIM_SMOKE_REPEAT"] = "0" };
        var loaded = Load(env).ValidateGates(
        [
            new("canary", t => [$"canaryUrl (SIRIM_CANARY_URL): '{t.Setting(SettingsCatalog.CanaryUrl)}' rejected; the token Canary-T0ken-S3cret is wrong"]),
            new("load", _ => throw new InvalidDataException("routes.json: line 3 is not JSON")),
        ]);
        Assert.That(loaded.Errors, Is.EqualTo(new[]
        {
            "smokeRepeat (SIRIM_SMOKE_REPEAT): '0' is not a whole number from 1 to 100.",
            "canary: canaryUrl (SIRIM_CANARY_URL): 'https://canary.sirim.example/?token=[redacted]' rejected; the token [redacted] is wrong",
            "load: its settings could not be checked: routes.json: line 3 is not JSON",
        }));
    }

    [Test]
    public void Without_a_usable_api_url_only_the_target_errors_are_listed()
    {
        var called = false;
        var loaded = Load(new() { ["SIRIM_API_URL"] = "api.sirim.example" }).ValidateGates([new("security", _ => { called = true; return []; })]);
        Assert.That(loaded.Errors, Is.EqualTo(new[] { "apiBaseUrl (SIRIM_API_URL): 'api.sirim.example' is not an absolute http(s) URL." }));
        Assert.That(called, Is.False);
    }
}
