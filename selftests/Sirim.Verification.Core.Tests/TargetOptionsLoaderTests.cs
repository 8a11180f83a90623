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

    [TestCase(null, 3600, TestName = "runTimeoutSeconds defaults to an hour")]
    [TestCase("45", 45, TestName = "runTimeoutSeconds from the environment")]
    public void The_run_time_bound_is_read_in_seconds(string? value, int seconds)
    {
        var env = new Dictionary<string, string> { ["SIRIM_API_URL"] = "https://api.sirim.example" };
        if (value is not null) env["SIRIM_RUN_TIMEOUT_SECONDS"] = value;
        Assert.That(Load(env).Options!.RunTimeout, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("5")]
    [TestCase("1h")]
    [TestCase("100000")]
    public void A_run_time_bound_out_of_range_is_refused_before_any_request(string value)
    {
        var loaded = Load(new() { ["SIRIM_API_URL"] = "https://api.sirim.example", ["SIRIM_RUN_TIMEOUT_SECONDS"] = value });
        Assert.That(loaded.ErrorReport, Does.Contain($"runTimeoutSeconds (SIRIM_RUN_TIMEOUT_SECONDS): '{value}' is not a whole number from 10 to 86400."));
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

    [TestCase(null, null, "sirim-api", "application_name = 'sirim-api'", TestName = "dbApplicationName: unset takes the default")]
    [TestCase("other-api", null, "other-api", "application_name = 'other-api'", TestName = "dbApplicationName: set in the environment")]
    [TestCase("", null, null, "no application_name filter (dbApplicationName is empty)", TestName = "dbApplicationName: explicitly empty in the environment is no filter")]
    [TestCase(null, "", null, "no application_name filter (dbApplicationName is empty)", TestName = "dbApplicationName: explicitly empty in the runsettings is no filter")]
    [TestCase("", "other-api", null, "no application_name filter (dbApplicationName is empty)", TestName = "dbApplicationName: empty in the environment wins over the runsettings")]
    public void An_explicitly_empty_application_name_means_no_filter(string? fromEnvironment, string? fromRunSettings, string? applicationName, string filter)
    {
        var env = new Dictionary<string, string> { ["SIRIM_API_URL"] = "https://api.sirim.example" };
        if (fromEnvironment is not null) env["SIRIM_DB_APPLICATION_NAME"] = fromEnvironment;
        var runSettings = fromRunSettings is null ? null : new Dictionary<string, string> { ["dbApplicationName"] = fromRunSettings };
        var o = Load(env, runSettings).Options!;
        Assert.Multiple(() =>
        {
            Assert.That(o.Database.ApplicationName, Is.EqualTo(applicationName));
            Assert.That(o.Database.ApplicationNameFilter, Is.EqualTo(filter));
        });
    }

    [Test]
    public void An_empty_value_of_any_other_setting_takes_the_default()
    {
        var o = Load(new() { ["SIRIM_API_URL"] = "https://api.sirim.example", ["SIRIM_SMOKE_REPEAT"] = "" }, new() { ["loginPath"] = "" }).Options!;
        Assert.Multiple(() =>
        {
            Assert.That(o.SmokeRepeat, Is.EqualTo(3));
            Assert.That(o.Auth.LoginPath, Is.EqualTo("/api/auth/login"));
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
    public void A_misspelt_or_secret_runsettings_parameter_is_reported_not_ignored()
    {
        var source = new SettingsSource(k => k == "SIRIM_API_URL" ? "https://a.example" : null, _ => "x")
        {
            RunSettingsNames = ["apiBaseURL", "smokeRepaet", "password", "environment", "totallyUnrelatedName"],
        };
        var loaded = TargetOptionsLoader.Load(source);
        Assert.That(loaded.Errors.Where(e => e.StartsWith("runsettings parameter", StringComparison.Ordinal)), Is.EqualTo(new[]
        {
            "runsettings parameter 'apiBaseURL' is not a setting of the suite (did you mean 'apiBaseUrl'?); 'sirim-verify settings' and the README list every setting.",
            "runsettings parameter 'smokeRepaet' is not a setting of the suite (did you mean 'smokeRepeat'?); 'sirim-verify settings' and the README list every setting.",
            "runsettings parameter 'password' is a secret: secrets are read from the environment only (SIRIM_PASSWORD); remove it from the file.",
            "runsettings parameter 'totallyUnrelatedName' is not a setting of the suite; 'sirim-verify settings' and the README list every setting.",
        }));
    }

    [Test]
    public void Every_committed_runsettings_file_names_only_known_settings()
    {
        var dir = Path.Combine(RepositoryRoot.Find(), "runsettings");
        var files = Directory.GetFiles(dir, "*.runsettings");
        Assert.That(files, Is.Not.Empty);
        foreach (var file in files)
        {
            var names = System.Xml.Linq.XDocument.Load(file).Descendants("Parameter").Select(p => (string)p.Attribute("name")!).ToList();
            var source = new SettingsSource(k => k == "SIRIM_API_URL" ? "https://a.example" : null, _ => null) { RunSettingsNames = names };
            Assert.That(TargetOptionsLoader.Load(source).Errors.Where(e => e.StartsWith("runsettings parameter", StringComparison.Ordinal)), Is.Empty, Path.GetFileName(file));
        }
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
            "requiredGates (SIRIM_REQUIRED_GATES): unknown gate 'perf'; known: presecrets, parity, smoke, contracts, security, authz, e2e, integrity, load, pool, canary, supplychain, observability.",
            "dbStopCommand (SIRIM_DB_STOP_COMMAND) and dbStartCommand (SIRIM_DB_START_COMMAND) go together: set both or neither.",
        }));
        Assert.That(loaded.ErrorReport, Does.StartWith("The configuration is not valid; nothing was sent to the target."));
    }

    [Test]
    public void Bad_contracts_settings_are_listed_with_every_other_error()
    {
        var loaded = Load(new()
        {
            ["SIRIM_API_URL"] = "not a url",
            ["SIRIM_CONTRACTS_EXCLUDE"] = "GET /healthz missing_credentials; GET healthz positive: anonymous; GET /x fuzz: because; GET /metrics *: scraped only",
            ["SIRIM_CONTRACTS_BODY_LIMIT_BYTES"] = "1MB",
            ["SIRIM_CONTRACTS_CONCURRENCY"] = "0",
            ["SIRIM_ERROR_MEDIA_TYPE"] = "json",
        });
        Assert.That(loaded.Errors, Is.EqualTo(new[]
        {
            "apiBaseUrl (SIRIM_API_URL): 'not a url' is not an absolute http(s) URL.",
            "contractsExclusions (SIRIM_CONTRACTS_EXCLUDE): 'GET /healthz missing_credentials' must read 'METHOD /path case: reason' (use * for any; the reason is required).",
            "contractsExclusions (SIRIM_CONTRACTS_EXCLUDE): 'GET healthz positive: anonymous': the path 'healthz' must start with '/' (as in the contract) or be *.",
            "contractsExclusions (SIRIM_CONTRACTS_EXCLUDE): unknown case 'fuzz'; known: " + string.Join(", ", ContractsSettings.KnownCases) + ", *.",
            "contractsBodyLimitBytes (SIRIM_CONTRACTS_BODY_LIMIT_BYTES): '1MB' is not a whole number from 1 to 1073741824 (the API's request body limit, in bytes).",
            "contractsConcurrency (SIRIM_CONTRACTS_CONCURRENCY): '0' is not a whole number from 1 to 32 (how many requests run at the same time).",
            "errorMediaType (SIRIM_ERROR_MEDIA_TYPE): 'json' is not a media type; write type/subtype, e.g. application/problem+json.",
        }));
    }

    [Test]
    public void Contracts_defaults_are_valid()
    {
        var errors = new List<string>();
        var values = ContractsSettings.Read(_ => null, errors);
        Assert.That(errors, Is.Empty);
        Assert.That((values.BodyLimitBytes, values.Concurrency, values.ErrorMediaType, values.ErrorSchemaFile, values.Exclusions.Count),
            Is.EqualTo((1048576L, 4, "application/problem+json", "contracts/problem-details.schema.json", 0)));
    }

    [Test]
    public void Bad_cleanup_settings_say_what_is_allowed_and_the_defaults_are_valid()
    {
        var loaded = Load(new()
        {
            ["SIRIM_API_URL"] = "http://127.0.0.1:5000",
            ["SIRIM_CLEANUP_MAX_ATTEMPTS"] = "0",
            ["SIRIM_INVENTORY_MAX_PAGES"] = "all",
            ["SIRIM_INVENTORY_PAGE_PARAMETER"] = "page number",
        });
        Assert.That(loaded.Errors, Is.EqualTo(new[]
        {
            "cleanupMaxAttempts (SIRIM_CLEANUP_MAX_ATTEMPTS): '0' is not a whole number from 1 to 10 (DELETE and read-back attempts per created resource).",
            "inventoryMaxPages (SIRIM_INVENTORY_MAX_PAGES): 'all' is not a whole number from 1 to 100 (pages listed per collection by the inventory).",
            "inventoryPageParameter (SIRIM_INVENTORY_PAGE_PARAMETER): 'page number' is not a query parameter name; write the name the list operations use for the page, e.g. page.",
        }));
        var errors = new List<string>();
        var values = ContractsSettings.Read(_ => null, errors);
        Assert.That((errors.Count, values.CleanupMaxAttempts, values.InventoryMaxPages, values.InventoryPageParameter), Is.EqualTo((0, 3, 10, "page")));
    }

    // The parameters table of every report shows what the run used: a JSON template default is a value, a computed
    // default ({utc timestamp}, {apiBaseUrl}/openapi.json) is filled in later.
    [TestCase("loginBody", "{\"email\":\"{username}\",\"password\":\"{password}\"} [Default]", TestName = "a JSON template default is shown as the value used")]
    [TestCase("runId", "(not set) [Missing]", TestName = "a computed default is filled in later")]
    public void Defaults_are_shown_as_what_the_run_uses(string key, string shown)
    {
        var source = new SettingsSource(_ => null, _ => null);
        var resolved = source.Resolve(SettingsCatalog.All.Single(d => d.Key == key));
        Assert.That($"{resolved.Display} [{resolved.Origin}]", Is.EqualTo(shown));
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

    [Test]
    public void Target_readme_lists_exactly_the_seeded_defects_of_the_catalogue()
    {
        var root = RepositoryRoot.Find();
        using var catalogue = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "target", "Sirim.ReferenceTarget", "defects.json")));
        var expected = catalogue.RootElement.EnumerateArray()
            .Select(d => $"| `{d.GetProperty("id").GetString()}` | {d.GetProperty("gate").GetString()} | {d.GetProperty("breaks").GetString()!.Replace("|", "\\|", StringComparison.Ordinal)} | `{d.GetProperty("caughtBy").GetString()}` |")
            .ToList();
        var rows = File.ReadAllLines(Path.Combine(root, "target", "README.md"))
            .SkipWhile(l => l != "| id | gate | breaks | caughtBy |").Skip(2).TakeWhile(l => l.StartsWith('|')).ToList();
        const string regenerate = "run scripts/defects-table.py to regenerate target/README.md's defect table from defects.json";
        Assert.Multiple(() =>
        {
            Assert.That(expected.Except(rows), Is.Empty, "rows missing from the README or different there; " + regenerate);
            Assert.That(rows.Except(expected), Is.Empty, "README rows that defects.json does not have; " + regenerate);
            Assert.That(rows, Is.EqualTo(expected), "same rows, other order; " + regenerate);
        });
    }
}
