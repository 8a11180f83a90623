using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sirim.ReferenceTarget.Hosting;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>
/// Base of the load gate's fixtures against the reference target: one deployment of its own per fixture (its own
/// PostgreSQL cluster and target, the target restarted per seeded defect), so fixtures that judge only what the defect
/// makes certain (not the machine's speed) run in parallel with each other without seeing each other's sessions, data
/// or load. Unlike <see cref="AgainstReferenceTarget"/> it does not forbid parallel runs: each fixture says whether it
/// may run beside others. Helpers: short copies of the committed profiles, the gate's runner in process, the judges.
/// </summary>
public abstract class LoadGateReferenceTests
{
    protected ReferenceFixture Reference { get; private set; } = null!;

    /// <summary>The reference target's convention profile this fixture runs against (null: the standard conventions).</summary>
    protected virtual ReferenceProfile? Profile => null;

    /// <summary>The seeded defect the fixture's target starts with (null: clean): the one its first test switches on.</summary>
    protected virtual string? FirstDefect => null;

    private string _shortProfiles = null!;

    [OneTimeSetUp]
    public async Task StartReference()
    {
        _shortProfiles = Directory.CreateTempSubdirectory("sirim-load-profiles-").FullName;
        Reference = await ReferenceFixture.StartAsync(profile: Profile, defect: FirstDefect);
    }

    [OneTimeTearDown]
    public async Task StopReference()
    {
        if (Reference is not null) await Reference.DisposeAsync();
        if (Directory.Exists(_shortProfiles)) Directory.Delete(_shortProfiles, recursive: true);
    }

    [TearDown]
    public void ShowTargetProblems() => Reference?.ShowTargetProblemsIfFailed();

    /// <summary>
    /// A copy of the committed profile <paramref name="name"/> with the same name, model, thresholds and (unless
    /// given) users and slots, but shorter stages: <paramref name="rampUp"/> ramp-up (the warm-up, where the profile
    /// has one, is the whole ramp-up) and <paramref name="duration"/> steady. For what every request of the window
    /// shows (a defect, the pool's size under 40 users back to back), so the verdict does not depend on how long the
    /// window is. Returns the file's path (a profile setting may be a path to a .json file); each call writes a file of
    /// its own.
    /// </summary>
    protected string ShortProfile(string name, string duration = "3s", string rampUp = "1s", int? users = null, int? maxInFlight = null)
    {
        var profile = JsonNode.Parse(File.ReadAllText(Profiles.LoadProfileFile.PathFor(name, RepositoryRoot.Find())))!;
        profile["rampUp"] = rampUp;
        profile["duration"] = duration;
        if ((string?)profile["warmUp"] is { } warmUp && warmUp != "0s") profile["warmUp"] = rampUp;
        if (users is { } u) profile["users"] = u;
        if (maxInFlight is { } m) profile["maxInFlight"] = m;
        var dir = Directory.CreateDirectory(Path.Combine(_shortProfiles, Guid.NewGuid().ToString("N")[..8])).FullName;
        var path = Path.Combine(dir, name + ".json");
        File.WriteAllText(path, profile.ToJsonString());
        return path;
    }

    /// <summary>Starts the target with <paramref name="defect"/> and runs the gate's runner on <paramref name="profile"/> (with the pool sampler when asked).</summary>
    protected async Task<LoadGateResult> RunInProcessAsync(string defect, string profile, bool sampled = false)
    {
        await Reference.UseDefectAsync(defect);
        var options = Options();
        var plan = Prepare(options, profile);
        var sampler = sampled ? LoadGateChecks.SamplerOptions(options, plan.Profile.PlannedDuration) : null;
        Assert.That(sampler?.Errors, Is.Null.Or.Empty);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await LoadGateRunner.RunAsync(options, plan, null, sampler?.Options, timeout.Token);
    }

    /// <summary>The reference deployment's settings; progress as plain lines (no live line on the terminal of whoever runs the self-tests).</summary>
    protected Dictionary<string, string> SuiteEnvironment(params (string Key, string Value)[] overrides)
    {
        var env = new Dictionary<string, string>(Reference.Environment) { ["SIRIM_PROGRESS"] = "plain" };
        foreach (var (key, value) in overrides) env[key] = value;
        return env;
    }

    protected TargetOptions Options(params (string Key, string Value)[] overrides)
    {
        var env = SuiteEnvironment(overrides);
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        return loaded.Options!;
    }

    protected static LoadGatePlan Prepare(TargetOptions options, string profile)
    {
        var preparation = LoadGatePlanner.Prepare(options, RepositoryRoot.Find(), profile);
        Assert.That(preparation.Errors, Is.Empty);
        Assert.That(preparation.NotRunReason, Is.Null);
        return preparation.Options!;
    }

    protected static (CheckOutcome Outcome, string Text) Judge(LoadGateResult run, ICheck<LoadGateResult> check)
    {
        var outcome = check.Evaluate(run);
        return (outcome, FailureRenderer.Render(outcome, Redactor.None));
    }

    /// <summary>The figure in milliseconds the message gives a route ("list_gastos 612.3 ms" or "list_gastos 1.48 s").</summary>
    protected static double Figure(string text, string route)
    {
        var match = Regex.Match(text, Regex.Escape(route) + @" (?<n>[0-9.]+) (?<unit>ms|s)\b");
        Assert.That(match.Success, Is.True, $"no figure for {route} in:\n{text}");
        var n = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value == "s" ? n * 1000 : n;
    }

    /// <summary>Requests the target served, per route and status, except its health probe and metrics.</summary>
    protected async Task<string> ServedRequestsAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var metrics = await client.GetStringAsync(new Uri(new Uri(Reference.Environment["SIRIM_API_URL"]), "/metrics"));
        return string.Join("\n", metrics.Split('\n')
            .Where(l => l.StartsWith("http_server_requests_total{", StringComparison.Ordinal))
            .Where(l => !l.Contains("route=\"/healthz\"", StringComparison.Ordinal) && !l.Contains("route=\"/metrics\"", StringComparison.Ordinal)));
    }

    /// <summary>
    /// A short copy of normal-ci against the clean target with <paramref name="routesJson"/> as the routes file (written
    /// to a temp folder, removed afterwards), run in process as the gate runs it.
    /// </summary>
    protected async Task<LoadGateResult> RunWithRoutesFileAsync(string routesJson)
    {
        var dir = Directory.CreateTempSubdirectory("sirim-routes-").FullName;
        try
        {
            var routes = Path.Combine(dir, "routes.json");
            await File.WriteAllTextAsync(routes, routesJson);
            await Reference.UseDefectAsync(null);
            var options = Options(("SIRIM_LOAD_ROUTES_FILE", routes));
            var plan = Prepare(options, ShortProfile("normal-ci"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            return await LoadGateRunner.RunAsync(options, plan, null, null, timeout.Token);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Removes the gastos whose concepto carries <paramref name="tag"/> from the fixture's throwaway database.</summary>
    protected async Task DeleteTaggedGastosAsync(string tag)
    {
        if (tag.Length == 0) return;
        await using var db = Npgsql.NpgsqlDataSource.Create(Reference.Deployment.Database.Credentials.AppConnectionString);
        await using var cmd = db.CreateCommand("DELETE FROM gastos WHERE strpos(concepto, $1) > 0");
        cmd.Parameters.Add(new Npgsql.NpgsqlParameter { Value = tag });
        await cmd.ExecuteNonQueryAsync();
    }

    protected static string CaughtBy(string defect) => SeededDefects.Get(defect).CaughtBy;
}
