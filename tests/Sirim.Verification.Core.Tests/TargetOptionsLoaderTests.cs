using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Core.Tests;

public sealed class TargetOptionsLoaderTests
{
    private static LoadedOptions Load(Dictionary<string, string> env, Dictionary<string, string>? runSettings = null) =>
        TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), k => runSettings?.GetValueOrDefault(k)),
            () => new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    [Test]
    public void Defaults_apply_when_only_the_api_url_is_given()
    {
        var loaded = Load(new() { ["SIRIM_API_URL"] = "https://api.sirim.example" });
        Assert.That(loaded.IsValid, Is.True, loaded.ErrorReport);
        var o = loaded.Options!;
        Assert.Multiple(() =>
        {
            Assert.That(o.Environment, Is.EqualTo("reference"));
            Assert.That(o.OpenApiUrl.ToString(), Is.EqualTo("https://api.sirim.example/openapi.json"));
            Assert.That(o.SmokeRepeat, Is.EqualTo(3));
            Assert.That(o.Database.ExpectedPoolSize, Is.EqualTo(20));
            Assert.That(o.LoadAllowedHosts, Is.Empty);
            Assert.That(o.RunId, Is.EqualTo("20261123T100000Z"));
            Assert.That(o.ReadOnly, Is.False);
        });
    }

    [Test]
    public void Environment_variable_wins_over_runsettings_which_wins_over_default()
    {
        var loaded = Load(
            new() { ["SIRIM_API_URL"] = "https://env.example", ["SIRIM_SMOKE_REPEAT"] = "7" },
            new() { ["apiBaseUrl"] = "https://runsettings.example", ["smokeRepeat"] = "5", ["environment"] = "staging" });
        var o = loaded.Options!;
        Assert.Multiple(() =>
        {
            Assert.That(o.ApiBaseUrl.Host, Is.EqualTo("env.example"));
            Assert.That(o.SmokeRepeat, Is.EqualTo(7));
            Assert.That(o.Environment, Is.EqualTo("staging"));
            Assert.That(o.Settings.Single(s => s.Definition.Key == "environment").Origin, Is.EqualTo(SettingOrigin.RunSettings));
            Assert.That(o.Settings.Single(s => s.Definition.Key == "smokeRepeat").Origin, Is.EqualTo(SettingOrigin.Environment));
        });
    }

    [Test]
    public void Secrets_are_never_read_from_runsettings()
    {
        var loaded = Load(new() { ["SIRIM_API_URL"] = "https://a.example" }, new() { ["password"] = "from-a-file", ["username"] = "u@x" });
        Assert.That(loaded.IsValid, Is.False);
        Assert.That(loaded.Errors, Has.One.Contains("SIRIM_PASSWORD is missing while username (SIRIM_USERNAME) is set"));
    }

    [Test]
    public void Every_error_is_reported_at_once()
    {
        var loaded = Load(new()
        {
            ["SIRIM_API_URL"] = "not a url",
            ["SIRIM_SMOKE_REPEAT"] = "zero",
            ["SIRIM_READ_ONLY"] = "maybe",
            ["SIRIM_LOAD_ALLOWED_HOSTS"] = "127.0.0.1, bad host!",
            ["SIRIM_REQUIRED_GATES"] = "smoke,perf",
            ["SIRIM_DB_STOP_COMMAND"] = "pg_ctl stop",
        });
        Assert.That(loaded.Errors, Is.EqualTo(new[]
        {
            "apiBaseUrl (SIRIM_API_URL): 'not a url' is not an absolute http(s) URL.",
            "smokeRepeat (SIRIM_SMOKE_REPEAT): 'zero' is not a whole number from 1 to 100.",
            "readOnly (SIRIM_READ_ONLY): 'maybe' is not true or false.",
            "loadAllowedHosts (SIRIM_LOAD_ALLOWED_HOSTS): 'bad host!' is not a host name or IP address.",
            "requiredGates (SIRIM_REQUIRED_GATES): unknown gate 'perf'; known: presecrets, parity, smoke, contracts, security, e2e, integrity, load, pool, canary.",
            "dbStopCommand (SIRIM_DB_STOP_COMMAND) and dbStartCommand (SIRIM_DB_START_COMMAND) go together: set both or neither.",
        }));
        Assert.That(loaded.ErrorReport, Does.StartWith("The configuration is not valid; nothing was sent to the target."));
    }

    [Test]
    public void Missing_api_url_says_what_to_set()
    {
        var loaded = Load(new());
        Assert.That(loaded.Errors, Is.EqualTo(new[] { "apiBaseUrl (SIRIM_API_URL) is missing: set it to the deployment's base URL, e.g. https://api.sirim.example." }));
    }

    [Test]
    public void Secret_values_are_displayed_as_set_or_missing_only()
    {
        var loaded = Load(new() { ["SIRIM_API_URL"] = "https://a.example", ["SIRIM_USERNAME"] = "u@x", ["SIRIM_PASSWORD"] = "s3cr3t-value" });
        var password = loaded.Options!.Settings.Single(s => s.Definition == SettingsCatalog.Password);
        var token = loaded.Options!.Settings.Single(s => s.Definition == SettingsCatalog.Token);
        Assert.Multiple(() =>
        {
            Assert.That(password.Display, Is.EqualTo("set"));
            Assert.That(token.Display, Is.EqualTo("missing"));
            Assert.That(loaded.Options!.SecretValues, Is.EquivalentTo(new[] { "s3cr3t-value" }));
        });
    }

    [TestCase("127.0.0.1", "http://127.0.0.1:5080/x", true)]
    [TestCase("localhost", "http://LOCALHOST:1/", true)]
    [TestCase("127.0.0.1", "https://api.sirim.example/", false)]
    [TestCase("", "http://127.0.0.1/", false)]
    public void Load_is_allowed_only_for_listed_hosts(string hosts, string url, bool allowed)
    {
        var loaded = Load(new() { ["SIRIM_API_URL"] = "https://a.example", ["SIRIM_LOAD_ALLOWED_HOSTS"] = hosts });
        Assert.That(loaded.Options!.IsLoadAllowed(new Uri(url)), Is.EqualTo(allowed));
    }
}

public sealed class ReadmeTests
{
    [Test]
    public void Readme_documents_every_setting()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "README.md"));
        var undocumented = SettingsCatalog.All.Where(s => !readme.Contains($"| `{s.EnvironmentVariable}` |")).Select(s => s.EnvironmentVariable).ToList();
        Assert.That(undocumented, Is.Empty, "run scripts/readme-settings.sh to regenerate the README's settings table");
    }
}
