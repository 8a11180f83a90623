using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load.Simulations;
using Sirim.Verification.Load.Stats;
using Sirim.Verification.Load.Thresholds;
using Sirim.Verification.LoadGate;
using Sirim.Verification.LoadGate.Profiles;
using Sirim.Verification.LoadGate.Routes;
using Sirim.Verification.Pool;
using Sirim.Verification.Pool.Reporting;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>Builds load gate results by hand, so each check can be judged on exactly the figures a test needs.</summary>
internal static class FakeRuns
{
    public static readonly LoadProfile Profile = new("normal-ci", "test profile", LoadModel.Open, 10, TimeSpan.FromMilliseconds(500),
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2), 100, ProfileBudgets.None, ["dropped == 0"], false, TimeSpan.FromSeconds(10));

    public static readonly IReadOnlyList<GateBudget> Budgets =
    [
        new("p95_budget", "p95 < 300ms", "setting p95Budget [Default]"),
        new("p99_budget", "p99 < 1s", "setting p99Budget [Default]"),
        new("error_rate_budget", "error_rate < 1%", "setting errorRateBudget [Default]"),
    ];

    public static LoadGatePlan Plan => new(Profile,
        [new CriticalRoute("list_gastos", RouteKind.Request, "/api/gastos?empresaId={empresaId}", 8), new CriticalRoute("login", RouteKind.Login, null, 1)],
        [], Budgets, ["dropped == 0"], Load.Safety.LoadSafetyPolicy.LoopbackOnly, [new Uri("http://127.0.0.1:5080/api/gastos?empresaId=1")], 1);

    public static ThresholdResult Threshold(string text, string metric, string actual, bool passed, string scope = "overall") =>
        new(text, scope, metric, 1, actual, text[(text.IndexOfAny(['<', '>', '=']))..], passed, null);

    public static StepStats Step(string name, long count, long fail, double p95, double p99, Dictionary<int, long>? statuses = null) =>
        new(name, count, count - fail, fail, count / 8.0, count * 100, statuses ?? new Dictionary<int, long> { [200] = count - fail },
            new Dictionary<string, long>(), new LatencySummary(count, 1, p95 / 2, p95 / 3, p95 / 2, p95, p99, p99 + 1),
            new LatencySummary(count, 1, p95 / 2, p95 / 3, p95 / 2, p95, p99, p99 + 1));

    public const string Tag = "sirim-verification load run1";

    /// <summary>
    /// The account of the gasto write route's test data: gastos 1..<paramref name="created"/>, each deleted by the load
    /// (204) and read back; those in <paramref name="stillThere"/> still answered 200 after every DELETE attempt.
    /// </summary>
    public static CleanupAccount Cleanup(int created, params long[] stillThere)
    {
        var results = Enumerable.Range(1, created).Select(n =>
        {
            var id = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var url = new Uri($"http://127.0.0.1:5080/api/gastos/{id}");
            var resource = new TrackedResource("load", "POST", "/api/gastos", "write_gasto", "/api/gastos", id, url, Tag, FoundBy: "/id of its answer");
            var left = stillThere.Contains(n);
            return new CleanupResult(resource, !left, left ? "still there after 2 DELETE attempt(s): DELETE → 204; GET → 200" : "DELETE by the run → 204; GET → 404",
                left ? 2 : 0, []) { Delete = new ExchangeRequest("DELETE", url, [new HttpHeader("Authorization", "Bearer t0ken")]) };
        }).ToList();
        return new CleanupAccount("load", Tag, results, [], ["/api/gastos: no inventory"], InventoryConfirms: false);
    }

    public static LoadGateResult Run(
        IReadOnlyList<ThresholdResult>? thresholds = null,
        IReadOnlyList<StepStats>? steps = null,
        LoadOutcome outcome = LoadOutcome.Completed,
        IReadOnlyDictionary<string, IReadOnlyList<HttpExchange>>? failures = null,
        PoolExhaustionSignals? signals = null,
        long maxConcurrent = 40,
        CleanupAccount? cleanup = null,
        PoolSamplingResult? pool = null,
        IterationStats? iterations = null)
    {
        steps ??= [Step("list_gastos", 160, 0, 12.5, 40.1), Step("login", 20, 0, 30.2, 35.0)];
        var overall = Step("overall", steps.Sum(s => s.Count), steps.Sum(s => s.Fail), steps.Max(s => s.ResponseTime.P95Ms), steps.Max(s => s.ResponseTime.P99Ms),
            steps.SelectMany(s => s.StatusCodes).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value)));
        var report = new LoadReport
        {
            Scenario = "sirim_normal_ci", Model = LoadModel.Open, Simulations = [], Parameters = [], Outcome = outcome,
            OutcomeReason = outcome == LoadOutcome.Completed ? null : "the caller cancelled the run",
            StartedAt = DateTimeOffset.UnixEpoch, PlannedDuration = TimeSpan.FromSeconds(10), Elapsed = TimeSpan.FromSeconds(10),
            WarmUp = TimeSpan.FromSeconds(2), MeasuredDuration = TimeSpan.FromSeconds(8), Workers = 100, Targets = [],
            Overall = overall, Steps = steps,
            Iterations = iterations ?? new IterationStats(180, 180, 0, 0, 0, new Dictionary<string, long>()),
            Timeline = [],
            Thresholds = thresholds ??
            [
                Threshold("p95 < 300ms", "p95", "12.5 ms", true), Threshold("p99 < 1s", "p99", "40.1 ms", true),
                Threshold("error_rate < 1%", "error_rate", "0.00%", true), Threshold("dropped == 0", "dropped", "0", true),
            ],
        };
        return new LoadGateResult(Plan, report, failures ?? new Dictionary<string, IReadOnlyList<HttpExchange>>(),
            signals ?? PoolExhaustionSignals.None, maxConcurrent, cleanup ?? CleanupAccount.Empty("load", Tag, "no route of this plan writes"), pool, []);
    }

    public static HttpExchange Exchange(int status, string body) => new(
        new ExchangeRequest("GET", new Uri("http://127.0.0.1:5080/api/gastos?empresaId=1"), [new HttpHeader("Authorization", "Bearer secret-token")]),
        new ExchangeResponse(status, status == 500 ? "Internal Server Error" : "Service Unavailable", "1.1",
            [new HttpHeader("Content-Type", "application/problem+json")], body, body.Length),
        TimeSpan.FromMilliseconds(12), DateTimeOffset.UnixEpoch);
}
