using System.Text.Json;
using Npgsql;
using Sirim.ReferenceTarget.Api;
using Sirim.ReferenceTarget.Configuration;
using Sirim.ReferenceTarget.Http;

namespace Sirim.ReferenceTarget.Tests;

/// <summary>The convention profile: how it is chosen, and what it changes in configuration, login bodies and the frontend build.</summary>
public sealed class ConventionProfileTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] extra)
    {
        var values = new Dictionary<string, string>
        {
            ["SIRIM_REF_DB"] = "Host=127.0.0.1;Port=5432;Database=sirim;Username=app;Password=pw;Application Name=from-the-string",
            ["JWT_SECRET"] = new string('s', 40),
            ["SIRIM_REF_SEED_PASSWORD"] = "seed",
        };
        foreach (var (k, v) in extra) values[k] = v;
        return name => values.GetValueOrDefault(name);
    }

    [Test]
    public void Without_a_profile_the_standard_conventions_apply_and_the_pool_names_its_sessions()
    {
        var (options, errors) = ReferenceTargetOptions.FromEnvironment(Env());
        Assert.That(errors, Is.Empty);
        Assert.That(options!.Profile, Is.SameAs(ConventionProfile.Standard));
        Assert.That(options.FrontendUrl, Is.Not.EqualTo(options.ApiUrl));
        Assert.That(new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString()).ApplicationName, Is.EqualTo("sirim-api"));
    }

    [Test]
    public void Alt_serves_the_frontend_from_the_api_origin_and_its_pool_names_no_session()
    {
        var (options, errors) = ReferenceTargetOptions.FromEnvironment(Env(("SIRIM_REF_PROFILE", "alt"), ("SIRIM_REF_API_URL", "http://127.0.0.1:6100")));
        Assert.That(errors, Is.Empty);
        Assert.That(options!.Profile, Is.SameAs(ConventionProfile.Alt));
        Assert.That(options.FrontendUrl, Is.EqualTo(options.ApiUrl));
        Assert.That(options.AllowedOrigins, Is.EqualTo(new[] { "http://127.0.0.1:6100" }));
        // Even an application name in the configured connection string is dropped.
        var pool = new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString());
        Assert.That(pool.ApplicationName, Is.Null.Or.Empty);
        Assert.That(options.EffectiveConnectionString(), Does.Not.Contain("Application Name"));
    }

    [Test]
    public void An_unknown_profile_is_refused_naming_the_allowed_ones()
    {
        var (options, errors) = ReferenceTargetOptions.FromEnvironment(Env(("SIRIM_REF_PROFILE", "legacy")));
        Assert.That(options, Is.Null);
        Assert.That(errors, Has.One.EqualTo("SIRIM_REF_PROFILE 'legacy' is not a profile; use standard or alt (empty: standard)"));
    }

    [Test]
    public void Alt_refuses_a_frontend_endpoint_of_its_own()
    {
        var (options, errors) = ReferenceTargetOptions.FromEnvironment(Env(("SIRIM_REF_PROFILE", "alt"), ("SIRIM_REF_FRONTEND_URL", "http://127.0.0.1:6101")));
        Assert.That(options, Is.Null);
        Assert.That(errors, Has.One.StartsWith("SIRIM_REF_FRONTEND_URL must not be set with SIRIM_REF_PROFILE=alt"));
    }

    [TestCase("standard", """{"email":" ana@sirim.test ","password":"pw"}""", "ana@sirim.test", "pw")]
    [TestCase("standard", """{"credentials":{"login":"ana@sirim.test","secret":"pw"}}""", null, null)]
    [TestCase("standard", """{"email":"ana@sirim.test","password":""}""", null, null)]
    [TestCase("alt", """{"credentials":{"login":" ana@sirim.test ","secret":"pw"}}""", "ana@sirim.test", "pw")]
    [TestCase("alt", """{"email":"ana@sirim.test","password":"pw"}""", null, null)]
    [TestCase("alt", """{"credentials":"ana@sirim.test:pw"}""", null, null)]
    [TestCase("alt", """{"credentials":{"login":"ana@sirim.test","secret":7}}""", null, null)]
    [TestCase("alt", """{"credentials":{"login":"  ","secret":"pw"}}""", null, null)]
    public void Login_bodies_are_read_in_the_profiles_shape_only(string profile, string body, string? login, string? password)
    {
        using var document = JsonDocument.Parse(body);
        var read = AuthEndpoints.ReadCredentials(document.RootElement, ConventionProfile.Find(profile)!);
        Assert.That(read, login is null ? Is.Null : Is.EqualTo((login, password)));
    }

    private static string BuildFile(string file) => File.ReadAllText(Path.Combine(FrontendBuild.StandardRoot, file));

    [TestCase("index.html")]
    [TestCase("app.js")]
    [TestCase("styles.css")]
    public void The_standard_build_is_served_as_built(string file) =>
        Assert.That(FrontendBuild.Transform(ConventionProfile.Standard, file, BuildFile(file)), Is.EqualTo(BuildFile(file)));

    [Test]
    public void Alt_index_moves_every_test_id_to_data_qa_with_the_sirim_prefix()
    {
        var built = BuildFile("index.html");
        var alt = FrontendBuild.Transform(ConventionProfile.Alt, "index.html", built);
        var ids = System.Text.RegularExpressions.Regex.Matches(built, "data-testid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.That(ids, Has.Count.GreaterThan(20).And.Contains("login-email"));
        Assert.That(alt, Does.Not.Contain("data-testid"));
        foreach (var id in ids) Assert.That(alt, Does.Contain($"data-qa=\"sirim-{id}\""));
        Assert.That(alt.Replace("data-qa=\"sirim-", "data-testid=\"", StringComparison.Ordinal), Is.EqualTo(built), "nothing but the test ids changes");
    }

    [Test]
    public void Alt_app_uses_data_qa_local_storage_the_session_login_and_wrapped_lists()
    {
        var alt = FrontendBuild.Transform(ConventionProfile.Alt, "app.js", BuildFile("app.js"));
        Assert.Multiple(() =>
        {
            Assert.That(alt, Does.Not.Contain("data-testid").And.Not.Contain("dataset.testid"));
            Assert.That(alt, Does.Contain("`[data-qa=\"sirim-${testId}\"]`"));
            Assert.That(alt, Does.Not.Contain("sessionStorage").And.Contain("localStorage.setItem(TOKEN_KEY, result.data && result.data.access_token)"));
            Assert.That(alt, Does.Contain("const TOKEN_KEY = 'sirim.auth';"));
            Assert.That(alt, Does.Not.Contain("/api/auth/login").And.Contain("api('/api/session', { method: 'POST', body: { credentials: { login: email, secret: password } } })"));
            Assert.That(alt, Does.Contain("(await api('/api/empresas')).data"));
            Assert.That(alt, Does.Contain("const result = { items, ...meta };"));
        });
    }

    [Test]
    public void A_build_without_a_rules_text_fails_loudly_instead_of_serving_a_half_changed_file()
    {
        var broken = BuildFile("app.js").Replace("sessionStorage", "window.sessionStorage_", StringComparison.Ordinal)
            .Replace("'sirim.accessToken'", "'token'", StringComparison.Ordinal);
        var error = Assert.Throws<InvalidOperationException>(() => FrontendBuild.Transform(ConventionProfile.Alt, "app.js", broken));
        Assert.That(error!.Message, Is.EqualTo("frontend build for profile alt: app.js no longer contains ''sirim.accessToken''"));
    }

    [Test]
    public void The_alt_build_folder_is_byte_stable_and_holds_exactly_the_builds_files()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sirim-alt-build-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = FrontendBuild.Write(ConventionProfile.Alt, FrontendBuild.StandardRoot, folder);
            var bytes = first.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(folder, f)));
            File.WriteAllText(Path.Combine(folder, "stale.js"), "left from an older build");
            var second = FrontendBuild.Write(ConventionProfile.Alt, FrontendBuild.StandardRoot, folder);

            var expected = Directory.EnumerateFiles(FrontendBuild.StandardRoot, "*", SearchOption.AllDirectories)
                .Select(p => Path.GetRelativePath(FrontendBuild.StandardRoot, p).Replace('\\', '/')).Order(StringComparer.Ordinal);
            Assert.That(second, Is.EqualTo(expected));
            Assert.That(Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(folder, p)).Order(),
                Is.EqualTo(expected), "the stale file is removed, no temporary file is left");
            foreach (var (file, content) in bytes) Assert.That(File.ReadAllBytes(Path.Combine(folder, file)), Is.EqualTo(content), file);
            Assert.That(File.ReadAllText(Path.Combine(folder, "index.html")), Is.EqualTo(FrontendBuild.Transform(ConventionProfile.Alt, "index.html", BuildFile("index.html"))));
            Assert.That(File.ReadAllBytes(Path.Combine(folder, "styles.css")), Is.EqualTo(File.ReadAllBytes(Path.Combine(FrontendBuild.StandardRoot, "styles.css"))));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase("/api/session", true)]
    [TestCase("/api", true)]
    [TestCase("/health", true)]
    [TestCase("/health/ready", true)]
    [TestCase("/metrics", true)]
    [TestCase("/openapi.yaml", true)]
    [TestCase("/", false)]
    [TestCase("/index.html", false)]
    [TestCase("/app.js", false)]
    [TestCase("/config.json", false)]
    [TestCase("/healthz", false)]
    [TestCase("/apis.js", false)]
    [TestCase("/openapi.json", false)]
    public void With_the_frontend_on_the_api_origin_the_api_keeps_only_its_own_paths(string path, bool api) =>
        Assert.That(FrontendSite.IsApiPath(path, ConventionProfile.Alt), Is.EqualTo(api));
}
