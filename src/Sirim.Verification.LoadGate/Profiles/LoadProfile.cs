using System.Globalization;
using System.Text.Json;
using Sirim.Verification.Load;
using Sirim.Verification.Load.Simulations;

namespace Sirim.Verification.LoadGate.Profiles;

/// <summary>
/// A load profile of <c>scenarios/load/</c>: how many users, how they arrive, ramp-up, steady duration, warm-up, and the
/// budgets of that profile. Production profiles ramp up over 5 minutes (the requirement documents); the <c>-ci</c>
/// variants run in seconds against the reference target.
/// </summary>
/// <param name="Name">Profile name (normal, peak, normal-ci...).</param>
/// <param name="Description">What the profile represents, for the evidence.</param>
/// <param name="Model">Open: iterations arrive on schedule (users / think time per second) whatever the server does, so a
/// stall shows in the percentiles. Closed: <paramref name="Users"/> virtual users loop back to back.</param>
/// <param name="Users">Concurrent users the requirement names.</param>
/// <param name="ThinkTime">Open model: each user sends one request every think time (arrival rate = users / think time).</param>
/// <param name="RampUp">Linear ramp from 0 to the full load.</param>
/// <param name="Duration">Steady load after the ramp-up.</param>
/// <param name="WarmUp">Leading period excluded from the statistics (part of the ramp-up).</param>
/// <param name="MaxInFlight">Open model: most iterations in flight at once (default four times the users, so a stalling server shows as latency, not as dropped iterations).</param>
/// <param name="Budgets">Budgets of this profile (p95, p99, errorRate); a setting given in the environment or runsettings wins.</param>
/// <param name="Thresholds">Further thresholds, e.g. "dropped == 0", "login: p95 &lt; 1s".</param>
/// <param name="AbortOnFailure">Stop the load as soon as a budget fails (after the grace period), so a failing target is not kept under load.</param>
/// <param name="AbortGracePeriod">Time after the warm-up before budgets are checked during the run.</param>
public sealed record LoadProfile(
    string Name,
    string Description,
    LoadModel Model,
    int Users,
    TimeSpan ThinkTime,
    TimeSpan RampUp,
    TimeSpan Duration,
    TimeSpan WarmUp,
    int MaxInFlight,
    ProfileBudgets Budgets,
    IReadOnlyList<string> Thresholds,
    bool AbortOnFailure,
    TimeSpan AbortGracePeriod)
{
    /// <summary>Open model: iterations started per second at full load.</summary>
    public int ArrivalRatePerSecond => Model == LoadModel.Open && ThinkTime > TimeSpan.Zero
        ? Math.Max(1, (int)Math.Round(Users / ThinkTime.TotalSeconds))
        : 0;

    public TimeSpan PlannedDuration => RampUp + Duration;

    /// <summary>The engine's stages: a linear ramp-up (when there is one) then the steady load.</summary>
    public IReadOnlyList<LoadSimulation> Simulations()
    {
        var stages = new List<LoadSimulation>();
        var interval = TimeSpan.FromSeconds(1);
        if (Model == LoadModel.Open)
        {
            if (RampUp > TimeSpan.Zero) stages.Add(LoadSimulation.RampingInject(ArrivalRatePerSecond, interval, RampUp));
            stages.Add(LoadSimulation.Inject(ArrivalRatePerSecond, interval, Duration));
        }
        else
        {
            if (RampUp > TimeSpan.Zero) stages.Add(LoadSimulation.RampingConstant(Users, RampUp));
            stages.Add(LoadSimulation.KeepConstant(Users, Duration));
        }
        return stages;
    }

    /// <summary>One line for progress output and reports.</summary>
    public string Summary => Model == LoadModel.Open
        ? string.Create(CultureInfo.InvariantCulture,
            $"{Name}: open model, {Users} users × 1 request / {LoadSimulation.Format(ThinkTime)} = {ArrivalRatePerSecond} iterations/s, ramp-up {LoadSimulation.Format(RampUp)}, steady {LoadSimulation.Format(Duration)}, warm-up {LoadSimulation.Format(WarmUp)}")
        : $"{Name}: closed model, {Users} virtual users back to back, ramp-up {LoadSimulation.Format(RampUp)}, steady {LoadSimulation.Format(Duration)}, warm-up {LoadSimulation.Format(WarmUp)}";
}

/// <summary>Budgets written in a profile; null means "use the setting's default".</summary>
public sealed record ProfileBudgets(string? P95, string? P99, string? ErrorRate)
{
    public static ProfileBudgets None { get; } = new(null, null, null);
}

/// <summary>Reads and validates profile files; every problem is listed at once, before any traffic.</summary>
public static class LoadProfileFile
{
    /// <summary>Resolves a profile name ("normal") to <c>scenarios/load/normal.json</c>; a path (ending in .json) is used as given.</summary>
    public static string PathFor(string nameOrPath, string repositoryRoot) =>
        nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Path.IsPathRooted(nameOrPath) ? nameOrPath : Path.Combine(repositoryRoot, nameOrPath)
            : Path.Combine(repositoryRoot, "scenarios", "load", nameOrPath + ".json");

    public static (LoadProfile? Profile, IReadOnlyList<string> Errors) Load(string path)
    {
        if (!File.Exists(path))
        {
            var folder = Path.GetDirectoryName(path);
            var known = folder is not null && Directory.Exists(folder)
                ? string.Join(", ", Directory.EnumerateFiles(folder, "*.json").Select(Path.GetFileNameWithoutExtension).Where(n => n is not null && !n.StartsWith("routes", StringComparison.Ordinal)).Order())
                : "none";
            return (null, [$"load profile '{path}' does not exist; known profiles: {known}"]);
        }
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    public static (LoadProfile? Profile, IReadOnlyList<string> Errors) Parse(string json, string source)
    {
        var errors = new List<string>();
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return (null, [$"{source}: not valid JSON ({ex.Message})"]);
        }
        if (root.ValueKind != JsonValueKind.Object) return (null, [$"{source}: must be a JSON object"]);

        string? Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        string Field(string name) => $"{source}: {name}";

        var name = Str("name") ?? Path.GetFileNameWithoutExtension(source);
        var modelText = Str("model") ?? "open";
        LoadModel? model = modelText switch { "open" => LoadModel.Open, "closed" => LoadModel.Closed, _ => null };
        if (model is null) errors.Add($"{Field("model")}: '{modelText}' is not a load model; allowed: open (arrival rate), closed (virtual users)");

        var users = 0;
        if (!root.TryGetProperty("users", out var u) || u.ValueKind != JsonValueKind.Number || !u.TryGetInt32(out users) || users < 1)
            errors.Add($"{Field("users")}: must be a whole number of concurrent users, 1 or more");

        var thinkTime = TimeSpan.Zero;
        if (model == LoadModel.Open)
        {
            var parsed = DurationText.Parse(Str("thinkTime"), Field("thinkTime"), errors);
            if (parsed == TimeSpan.Zero)
                errors.Add($"{Field("thinkTime")}: must be greater than zero in the open model (arrival rate = users / think time)");
            thinkTime = parsed ?? TimeSpan.Zero;
        }
        var rampUp = DurationText.Parse(Str("rampUp") ?? "0s", Field("rampUp"), errors) ?? TimeSpan.Zero;
        var parsedDuration = DurationText.Parse(Str("duration"), Field("duration"), errors);
        if (parsedDuration == TimeSpan.Zero)
            errors.Add($"{Field("duration")}: must be greater than zero (the steady load after the ramp-up)");
        var duration = parsedDuration ?? TimeSpan.Zero;
        var warmUp = DurationText.Parse(Str("warmUp") ?? "0s", Field("warmUp"), errors) ?? TimeSpan.Zero;
        if (warmUp > TimeSpan.Zero && warmUp >= rampUp + duration && duration > TimeSpan.Zero)
            errors.Add($"{Field("warmUp")}: {LoadSimulation.Format(warmUp)} is not shorter than ramp-up + duration; nothing would be measured");
        var grace = DurationText.Parse(Str("abortGracePeriod") ?? "10s", Field("abortGracePeriod"), errors) ?? TimeSpan.FromSeconds(10);

        var maxInFlight = users * 4;
        if (root.TryGetProperty("maxInFlight", out var mif) && (mif.ValueKind != JsonValueKind.Number || !mif.TryGetInt32(out maxInFlight) || maxInFlight < 1))
            errors.Add($"{Field("maxInFlight")}: must be a whole number, 1 or more");

        var budgets = ProfileBudgets.None;
        if (root.TryGetProperty("budgets", out var b))
        {
            if (b.ValueKind != JsonValueKind.Object) errors.Add($"{Field("budgets")}: must be an object like {{\"p95\": \"p95 < 300ms\", \"errorRate\": \"error_rate < 1%\"}}");
            else
            {
                string? B(string key) => b.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                budgets = new ProfileBudgets(B("p95"), B("p99"), B("errorRate"));
            }
        }

        var thresholds = new List<string>();
        if (root.TryGetProperty("thresholds", out var t))
        {
            if (t.ValueKind != JsonValueKind.Array || t.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                errors.Add($"{Field("thresholds")}: must be an array of threshold strings such as \"dropped == 0\"");
            else thresholds.AddRange(t.EnumerateArray().Select(x => x.GetString()!));
        }

        var abort = root.TryGetProperty("abortOnFailure", out var a) && a.ValueKind == JsonValueKind.True;
        if (errors.Count > 0) return (null, errors);
        return (new LoadProfile(name, Str("description") ?? "", model!.Value, users, thinkTime, rampUp, duration, warmUp, maxInFlight,
            budgets, thresholds, abort, grace), errors);
    }
}
