using Sirim.Verification.Core;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>The plan made from the routes file and the settings, before any request: read-only skips, settings the templates name.</summary>
public sealed class PlannerTests
{
    private string _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = Directory.CreateTempSubdirectory("sirim-routes-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private OptionsResult<LoadGatePlan> Prepare(string? routesJson, params (string Name, string Value)[] settings)
    {
        var env = new Dictionary<string, string>
        {
            ["SIRIM_API_URL"] = "http://127.0.0.1:5080", ["SIRIM_LOAD_ALLOWED_HOSTS"] = "127.0.0.1",
            ["SIRIM_USERNAME"] = "load@sirim.invalid", ["SIRIM_PASSWORD"] = "not-a-real-password",
        };
        if (routesJson is not null)
        {
            var file = Path.Combine(_dir, "routes.json");
            File.WriteAllText(file, routesJson);
            env["SIRIM_LOAD_ROUTES_FILE"] = file;
        }
        foreach (var (name, value) in settings) env[name] = value;
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        return LoadGatePlanner.Prepare(loaded.Options!, RepositoryRoot.Find(), "normal-ci");
    }

    [Test]
    public void The_committed_routes_make_a_plan_whose_targets_are_the_filled_paths()
    {
        var preparation = Prepare(null, ("SIRIM_LOAD_EMPRESA_ID", "3"));
        Assert.That(preparation.Errors, Is.Empty);
        Assert.That(preparation.Options!.Targets.Select(u => u.PathAndQuery), Is.EqualTo(new[] { "/api/gastos?empresaId=3&pageSize=20", "/api/auth/login", "/api/gastos" }));
    }

    [Test]
    public void Read_only_mode_skips_every_route_that_changes_data()
    {
        var preparation = Prepare("""
            { "routes": [
              { "name": "list", "method": "GET", "path": "/api/gastos" },
              { "name": "touch", "method": "PUT", "path": "/api/things/{n}", "body": { "n": "{n:number}" } }
            ] }
            """, ("SIRIM_READ_ONLY", "true"));
        Assert.That(preparation.Errors, Is.Empty);
        Assert.That(preparation.Options!.Routes.Select(r => r.Name), Is.EqualTo(new[] { "list" }));
        Assert.That(preparation.Options.Skipped, Is.EqualTo(new[] { new SkippedRoute("touch", "read-only mode (readOnly=true): PUT changes data; the route is not measured") }));
    }

    [Test]
    public void A_setting_a_template_names_without_a_value_stops_the_plan_with_every_other_problem()
    {
        var preparation = Prepare("""{ "routes": [ { "name": "list", "method": "GET", "path": "/api/{frontendBaseUrl}/{loadEmpresaId}" } ] }""",
            ("SIRIM_LOAD_EMPRESA_ID", "0"));
        Assert.That(preparation.Options, Is.Null, "nothing is sent");
        Assert.That(preparation.Errors, Is.EqualTo(new[]
        {
            "loadEmpresaId (SIRIM_LOAD_EMPRESA_ID): '0' is not a positive empresa id.",
            "route list: placeholder '{frontendBaseUrl}' has no value; setting frontendBaseUrl (SIRIM_FRONTEND_URL) is not set; allowed: set it, or leave the placeholder out",
        }));
    }
}
