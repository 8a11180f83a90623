using System.Text.Json.Nodes;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Core.Tests;

/// <summary>livenessPath, readinessPath, smokeBadInputPath, loginBody and loginTokenPointer: defaults, overrides, validation.</summary>
public sealed class HealthAndLoginSettingsTests
{
    private static LoadedOptions Load(Dictionary<string, string> env, Dictionary<string, string>? runSettings = null)
    {
        env.TryAdd("SIRIM_API_URL", "https://api.sirim.example");
        return TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), k => runSettings?.GetValueOrDefault(k)));
    }

    [Test]
    public void Defaults_are_todays_conventions()
    {
        var loaded = Load([]);
        Assert.That(loaded.IsValid, Is.True, loaded.ErrorReport);
        var o = loaded.Options!;
        Assert.Multiple(() =>
        {
            Assert.That(o.Health, Is.EqualTo(new HealthPaths("/healthz", "/readyz")));
            Assert.That(o.Setting(SettingsCatalog.SmokeBadInputPath), Is.EqualTo("/api/gastos?empresaId=not-a-number"));
            Assert.That(o.Auth.LoginBody.Text, Is.EqualTo("{\"email\":\"{username}\",\"password\":\"{password}\"}"));
            Assert.That(o.Auth.TokenLocation.IsDefault, Is.True);
            Assert.That(o.Auth.TokenLocation.Pointers.Select(p => p.ToString()),
                Is.EqualTo(new[] { "/accessToken", "/access_token", "/token", "/data/accessToken", "/data/access_token", "/data/token" }));
        });
    }

    [Test]
    public void Another_deployments_conventions_come_from_the_environment_or_the_runsettings()
    {
        var loaded = Load(
            new() { ["SIRIM_LIVENESS_PATH"] = "/health", ["SIRIM_LOGIN_BODY"] = "{\"credentials\":{\"login\":\"{username}\",\"secret\":\"{password}\"}}" },
            new() { ["readinessPath"] = "/health/ready", ["loginTokenPointer"] = "/data/access_token", ["smokeBadInputPath"] = "/api/gastos?empresaId=x" });
        Assert.That(loaded.IsValid, Is.True, loaded.ErrorReport);
        var o = loaded.Options!;
        Assert.Multiple(() =>
        {
            Assert.That(o.Health, Is.EqualTo(new HealthPaths("/health", "/health/ready")));
            Assert.That(o.Setting(SettingsCatalog.SmokeBadInputPath), Is.EqualTo("/api/gastos?empresaId=x"));
            Assert.That(JsonNode.Parse(o.Auth.LoginBody.Render("ana", "pw"))!["credentials"]!["secret"]!.GetValue<string>(), Is.EqualTo("pw"));
            Assert.That(o.Auth.TokenLocation.IsDefault, Is.False);
            Assert.That(o.Auth.TokenLocation.Find("{\"data\":{\"access_token\":\"t\"}}").Token, Is.EqualTo("t"));
        });
    }

    [Test]
    public void Every_bad_value_is_listed_at_once_and_nothing_is_loaded()
    {
        var loaded = Load(new()
        {
            ["SIRIM_LIVENESS_PATH"] = "healthz", ["SIRIM_READINESS_PATH"] = "/ready z", ["SIRIM_SMOKE_BAD_INPUT_PATH"] = "//evil.example/x",
            ["SIRIM_LOGIN_BODY"] = "{\"email\":\"{username}\"}", ["SIRIM_LOGIN_TOKEN_POINTER"] = "data.token",
        });
        Assert.That(loaded.Options, Is.Null);
        Assert.That(loaded.Errors, Is.EquivalentTo(new[]
        {
            "livenessPath (SIRIM_LIVENESS_PATH): 'healthz' is not a route of the API; it must start with a single '/' and hold no spaces or '#', e.g. /healthz.",
            "readinessPath (SIRIM_READINESS_PATH): '/ready z' is not a route of the API; it must start with a single '/' and hold no spaces or '#', e.g. /readyz.",
            "smokeBadInputPath (SIRIM_SMOKE_BAD_INPUT_PATH): '//evil.example/x' is not a route of the API; it must start with a single '/' and hold no spaces or '#', e.g. /api/gastos?empresaId=not-a-number.",
            "loginBody (SIRIM_LOGIN_BODY): '{\"email\":\"{username}\"}' is not a login body template: it has no {password} placeholder (the login sends the configured password there); " +
            "write a JSON object with {username} and {password} inside JSON strings, e.g. {\"email\":\"{username}\",\"password\":\"{password}\"}.",
            "loginTokenPointer (SIRIM_LOGIN_TOKEN_POINTER): 'data.token' is not an RFC 6901 JSON Pointer (a JSON Pointer starts with '/'); " +
            "name the token's place in the login answer, e.g. /accessToken or /data/access_token (~1 stands for '/', ~0 for '~'), or leave it empty for the usual places.",
        }));
    }
}
