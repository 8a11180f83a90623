using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Core.Tests;

/// <summary>A configuration error quotes the rejected value; a credential inside a setting's URL must never be quoted.</summary>
public sealed class ConfigurationSecretsTests
{
    private static LoadedOptions Load(Dictionary<string, string> env) =>
        TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));

    [Test]
    public void A_secret_inside_a_url_setting_appears_in_no_error_message()
    {
        const string userinfo = "Us3rinfo-S3cret", query = "Qu3ry-T0ken-S3cret", required = "R3quired-S3cret-value";
        var env = new Dictionary<string, string>
        {
            // Rejected for its query, which carries the token: the message quotes the URL.
            ["SIRIM_API_URL"] = $"https://ops:{userinfo}@api.sirim.example/?token={query}",
            ["SIRIM_FRONTEND_URL"] = $"https://app.sirim.example/?access_token={query}&v=2",
            ["SIRIM_OPENAPI_URL"] = $"https://ops:{userinfo}@api.sirim.example/openapi.json?api_key={query}",
            ["SIRIM_REQUIRED_SECRETS"] = "DEPLOY_KEY",
            ["DEPLOY_KEY"] = required,
            // Invalid for another reason, quoting a value that happens to contain a required secret.
            ["SIRIM_ENVIRONMENT"] = $"prod/{required}",
            ["SIRIM_SMOKE_REPEAT"] = "0",
        };
        var loaded = Load(env);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.IsValid, Is.False);
            Assert.That(loaded.Errors, Has.Count.EqualTo(5), loaded.ErrorReport);
            Assert.That(loaded.ErrorReport, Does.Contain("apiBaseUrl (SIRIM_API_URL): 'https://ops:[redacted]@api.sirim.example/?token=[redacted]' must not carry a query or fragment."));
            Assert.That(loaded.ErrorReport, Does.Contain("frontendBaseUrl (SIRIM_FRONTEND_URL): 'https://app.sirim.example/?access_token=[redacted]&v=2' must not carry a query or fragment."));
            Assert.That(loaded.ErrorReport, Does.Contain("environment (SIRIM_ENVIRONMENT): 'prod/[redacted]' may contain only"));
            Assert.That(loaded.ErrorReport, Does.Contain("smokeRepeat (SIRIM_SMOKE_REPEAT): '0' is not a whole number from 1 to 100."));
            foreach (var secret in new[] { userinfo, query, required })
                Assert.That(loaded.Errors, Has.None.Contain(secret), $"the secret '{secret[..4]}…' appears in an error");
            Assert.That(loaded.Redactor.Text($"GET /x?q={query} as {userinfo}"), Is.EqualTo("GET /x?q=[redacted] as [redacted]"),
                "the run's redactor knows the secrets found inside URL settings, wherever they appear");
        });
    }

    [Test]
    public void A_url_setting_is_shown_without_its_credentials()
    {
        var loaded = Load(new()
        {
            ["SIRIM_API_URL"] = "https://ops:pw-1234567@api.sirim.example",
            ["SIRIM_CANARY_URL"] = "https://canary.sirim.example/?sig=abcdef123456",
        });
        Assert.That(loaded.IsValid, Is.True, loaded.ErrorReport);
        var shown = loaded.Options!.Settings.ToDictionary(s => s.Definition.Key, s => s.Display);
        Assert.Multiple(() =>
        {
            Assert.That(shown["apiBaseUrl"], Is.EqualTo("https://ops:[redacted]@api.sirim.example"));
            Assert.That(shown["canaryUrl"], Is.EqualTo("https://canary.sirim.example/?sig=[redacted]"));
            Assert.That(loaded.Options.SecretValues, Is.SupersetOf(new[] { "pw-1234567", "abcdef123456" }));
        });
    }
}
