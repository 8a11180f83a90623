using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Tests;

/// <summary>The security gate's settings that decide what is probed: the rate-limit switch, the unknown-route prefix, same-origin CORS.</summary>
public sealed class SecurityOptionsTests
{
    private static OptionsResult<SecurityOptions> From(params (string Name, string Value)[] settings)
    {
        var env = new Dictionary<string, string> { ["SIRIM_API_URL"] = "https://api.sirim.example", ["SIRIM_FRONTEND_URL"] = "https://app.sirim.example" };
        foreach (var (name, value) in settings) env[name] = value;
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        return SecurityOptions.From(loaded.Options!);
    }

    [TestCase(null, false, TestName = "rate-limit probe: unset is off")]
    [TestCase("false", false, TestName = "rate-limit probe: false is off")]
    [TestCase("true", true, TestName = "rate-limit probe: true is on")]
    [TestCase("TRUE", true, TestName = "rate-limit probe: case does not matter")]
    public void Rate_limit_probe_runs_only_when_switched_on(string? value, bool enabled)
    {
        var (options, errors) = value is null ? From(("SIRIM_ENVIRONMENT", "reference")) : From(("SIRIM_SECURITY_RATE_LIMIT_PROBE", value), ("SIRIM_ENVIRONMENT", "reference"));
        Assert.That(errors, Is.Empty);
        Assert.That(options!.RateLimit.Enabled, Is.EqualTo(enabled), "the environment's name decides nothing");
    }

    [TestCase("auto", TestName = "rate-limit probe: auto is no longer a value")]
    [TestCase("yes", TestName = "rate-limit probe: yes is not a switch")]
    public void Rate_limit_probe_values_other_than_true_or_false_are_configuration_errors(string value)
    {
        var (options, errors) = From(("SIRIM_SECURITY_RATE_LIMIT_PROBE", value));
        Assert.That(options, Is.Null);
        Assert.That(errors, Is.EqualTo(new[]
        {
            $"securityRateLimitProbe (SIRIM_SECURITY_RATE_LIMIT_PROBE): '{value}' is not a switch; the probe locks the suite's address out of logins for one window, so it runs only when asked; allowed: true or false.",
        }));
    }

    [TestCase(null, "/api/sirim-verification-not-found", TestName = "unknown route: default prefix /api")]
    [TestCase("/v2", "/v2/sirim-verification-not-found", TestName = "unknown route: another prefix")]
    [TestCase("/gateway/api/", "/gateway/api/sirim-verification-not-found", TestName = "unknown route: a trailing slash is dropped")]
    [TestCase("/", "/sirim-verification-not-found", TestName = "unknown route: routes at the root")]
    public void Unknown_route_probe_path_follows_the_prefix(string? prefix, string path)
    {
        var (options, errors) = prefix is null ? From() : From(("SIRIM_UNKNOWN_ROUTE_PREFIX", prefix));
        Assert.That(errors, Is.Empty);
        Assert.That(options!.UnknownRoutePath, Is.EqualTo(path));
    }

    [TestCase("api", TestName = "unknown route prefix: no leading slash")]
    [TestCase("/api?x=1", TestName = "unknown route prefix: a query")]
    public void Unknown_route_prefix_that_is_not_a_path_is_a_configuration_error(string prefix)
    {
        var (options, errors) = From(("SIRIM_UNKNOWN_ROUTE_PREFIX", prefix));
        Assert.That(options, Is.Null);
        Assert.That(errors, Is.EqualTo(new[]
        {
            $"unknownRoutePrefix (SIRIM_UNKNOWN_ROUTE_PREFIX): '{prefix}' is not a path prefix; it must start with '/' and carry no query, fragment or space (e.g. /api, or / for routes at the root).",
        }));
    }

    [Test]
    public void Frontend_preflights_are_not_applicable_when_the_frontend_is_served_from_the_api_origin()
    {
        var (options, _) = From(("SIRIM_FRONTEND_URL", "https://API.sirim.example/app/"));
        using var client = new ExchangeClient(TimeSpan.FromSeconds(1), false);
        var outcome = new SecurityGate(null!, options!, client).FrontendPreflightNotApplicable();
        Assert.Multiple(() =>
        {
            Assert.That(options!.FrontendIsSameOrigin, Is.True);
            Assert.That(outcome, Is.Not.Null);
            Assert.That(outcome!.Status, Is.EqualTo(CheckStatus.NotApplicable), "skipped: neither passed nor failed");
            Assert.That(outcome.CheckId, Is.EqualTo("cors_preflight_allowed"));
            Assert.That(outcome.Subject, Is.EqualTo("preflight from the frontend https://api.sirim.example"));
            Assert.That(outcome.Actual, Is.EqualTo("not applicable: same origin (the frontend is served from the API's origin https://api.sirim.example; the browser sends its calls without a preflight)"));
        });
    }

    [TestCase("https://app.sirim.example", TestName = "cross origin: another host")]
    [TestCase("https://api.sirim.example:8443", TestName = "cross origin: another port")]
    [TestCase("http://api.sirim.example", TestName = "cross origin: another scheme")]
    public void Frontend_preflights_apply_to_a_frontend_on_another_origin(string frontend)
    {
        var (options, _) = From(("SIRIM_FRONTEND_URL", frontend));
        using var client = new ExchangeClient(TimeSpan.FromSeconds(1), false);
        Assert.That(options!.FrontendIsSameOrigin, Is.False);
        Assert.That(new SecurityGate(null!, options, client).FrontendPreflightNotApplicable(), Is.Null);
    }
}
