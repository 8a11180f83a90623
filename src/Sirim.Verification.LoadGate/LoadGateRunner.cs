using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load;
using Sirim.Verification.Load.Http;
using Sirim.Verification.Load.Progress;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.LoadGate.Http;
using Sirim.Verification.LoadGate.Routes;
using Sirim.Verification.Pool;
using Sirim.Verification.Pool.Reporting;

namespace Sirim.Verification.LoadGate;

/// <summary>Raised when the load cannot start (the plan is refused, or the verification user cannot log in); nothing was sent as load.</summary>
public sealed class LoadGateException(string message) : Exception(message);

/// <summary>
/// Runs a <see cref="LoadGatePlan"/>: logs in once, sends the critical routes on the profile's schedule through the load
/// engine, samples pg_stat_activity alongside when a monitoring connection is given, and returns everything measured.
/// What the write routes created is in the run's <see cref="CleanupLedger"/>; after the load (even when it fails) the
/// Core <see cref="CleanupRunner"/> reads each item back, deletes again what is still there (cleanupMaxAttempts) and
/// the account says, per item, which request created it and how its removal was verified. The collections whose write
/// routes name a list operation are listed before the first request and after the cleanup (the inventory), outside the
/// measured load, so what the ledger never tracked is found too.
/// </summary>
public static class LoadGateRunner
{
    public static async Task<LoadGateResult> RunAsync(TargetOptions options, LoadGatePlan plan, IProgress<LoadProgress>? progress,
        PoolSamplerOptions? sampler, CancellationToken ct)
    {
        var failures = new FailureLog();
        var maxConnections = plan.Profile.Model == Load.Simulations.LoadModel.Open ? plan.Profile.MaxInFlight : plan.Profile.Users;

        var (values, valueErrors) = RouteValues.Bind(plan.Routes, options);
        if (values is null) throw new LoadGateException("the load did not start: " + string.Join("; ", valueErrors));
        var inFlight = new InFlightRecorder(progress);
        var runOptions = new LoadRunOptions
        {
            Safety = plan.Safety,
            Targets = plan.Targets,
            Thresholds = plan.AllThresholds,
            AbortOnThresholdFailure = plan.Profile.AbortOnFailure,
            ThresholdGracePeriod = plan.Profile.AbortGracePeriod,
            MaxInFlight = plan.Profile.MaxInFlight,
            GracefulStop = options.RequestTimeout,
            HookTimeout = TimeSpan.FromSeconds(60),
            Progress = inFlight,
        };
        // The safety policy and the plan are checked before anything is sent, the login included.
        var refusal = LoadRunner.Validate(ScenarioShape(plan), runOptions);
        if (refusal.Count > 0) throw new LoadGateException(new LoadPlanException(refusal).Message);
        if (plan.Safety.RefusalFor(options.Api(options.Auth.LoginPath)) is { } loginRefusal)
            throw new LoadGateException($"the load did not start: {loginRefusal}");

        string? token = null;
        if (plan.Routes.Any(r => r.Kind != RouteKind.Login))
        {
            using var client = new ExchangeClient(options.RequestTimeout, options.TlsSkipVerify);
            var auth = await Authenticator.AuthenticateAsync(options, client, ct).ConfigureAwait(false);
            if (!auth.Succeeded) throw new LoadGateException($"the load did not start: {auth.Problem}");
            token = auth.Token;
        }
        using var http = new HttpLoadClient(plan.Safety, SirimRequests.ClientOptions(options, maxConnections + 4));
        var requests = new SirimRequests(options, plan.Safety, http, failures, token);
        var scenario = BuildScenario(plan, requests, values);
        // The collections the writes go to, listed before the first request of the profile (the priming included).
        var before = await ListCollectionsAsync(options, plan, requests, values, ct).ConfigureAwait(false);
        await PrimeAsync(plan, requests.WithoutFailureLog(), values, ct).ConfigureAwait(false);

        var concurrency = new ConcurrencyRecorder(inFlight);
        PoolSamplingSession? session = sampler is null ? null : new PgActivitySampler(sampler).Start(concurrency, ct);
        Load.Stats.LoadReport report;
        PoolSamplingResult? pool = null;
        CleanupAccount cleanup;
        try
        {
            report = await LoadRunner.RunAsync(scenario, runOptions, ct).ConfigureAwait(false);
        }
        finally
        {
            if (session is not null)
            {
                // One more interval so the sample right after the last request is in.
                await Task.Delay(sampler!.Interval, CancellationToken.None).ConfigureAwait(false);
                pool = await session.StopAsync().ConfigureAwait(false);
                await session.DisposeAsync().ConfigureAwait(false);
            }
            // Whatever happened to the load, what it created is removed and read back (bounded in count and time).
            cleanup = await CleanUpAsync(options, plan, requests, values, before, CancellationToken.None).ConfigureAwait(false);
        }

        var serverErrors = report.Overall.StatusCodes.Where(kv => kv.Key >= 500).Sum(kv => kv.Value);
        return new LoadGateResult(plan, report, failures.Samples,
            new PoolExhaustionSignals(failures.PoolTimeoutErrors, serverErrors, failures.TooManyClientsErrors),
            MostInFlight(report), cleanup, pool, concurrency.Points);
    }

    /// <summary>Longest the cleanup after the load may take, all items together (a long production run may have created many).</summary>
    internal static readonly TimeSpan CleanupDeadline = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The Core cleanup over what the load created: each item read back (and deleted again while it is still served),
    /// through the load safety policy (a host that is not allowed is never contacted); then each collection whose write
    /// route names a list operation is listed again and compared with its listing <paramref name="before"/> the load, so
    /// items of the run the ledger never tracked are named too.
    /// </summary>
    private static async Task<CleanupAccount> CleanUpAsync(TargetOptions options, LoadGatePlan plan, SirimRequests requests, RouteValues values,
        IReadOnlyDictionary<string, InventorySnapshot> before, CancellationToken ct)
    {
        var collections = plan.Routes.Where(r => r.Cleanup is not null).Select(r => SirimRequests.CollectionOf(r.Cleanup!)).Distinct().ToList();
        if (requests.Ledger.Resources.Count == 0 && collections.Count == 0)
            return CleanupAccount.Empty(LoadGateNames.Load, requests.Tag, "no route of this plan writes");
        var settings = ContractsSettings.Read(options.Setting, new List<string>());
        using var client = new ExchangeClient(options.RequestTimeout, options.TlsSkipVerify);
        var send = Sender(plan, client);
        var runner = new CleanupRunner(send, requests.RequestFor, new CleanupBounds(settings.CleanupMaxAttempts, TimeSpan.FromMilliseconds(500), CleanupDeadline));
        var results = await runner.RunAsync(requests.Ledger, ct).ConfigureAwait(false);
        var itemPaths = plan.Routes.Where(r => r.Cleanup is not null).GroupBy(r => SirimRequests.CollectionOf(r.Cleanup!)).ToDictionary(g => g.Key, g => g.First().Cleanup!.Path);
        async Task<CleanupAccount> AccountAsync(IReadOnlyList<CleanupResult> done)
        {
            var after = await ListCollectionsAsync(options, plan, requests, values, ct).ConfigureAwait(false);
            var pairs = after.Select(a => (before.TryGetValue(a.Key, out var b) ? b : InventorySnapshot.Failed(a.Key, a.Value.ListRequest, "not listed before the load"), a.Value)).ToList();
            return RouteInventory.Account(LoadGateNames.Load, requests.Tag, done, requests.Ledger, collections, pairs,
                (collection, id) => itemPaths.TryGetValue(collection, out var path) ? options.Api(values.Path(path, new RequestValues(0, "", id))) : null,
                requests.RequestFor, settings.InventoryMaxPages);
        }
        var account = await AccountAsync(results).ConfigureAwait(false);
        // Items of this run it never tracked (a create answered after the run stopped reading): removed as well, then listed again.
        var adopted = Inventory.AdoptUntracked(account.Leftovers, LoadGateNames.Load, requests.Tag, requests.Ledger);
        if (adopted.Count == 0) return account;
        var late = new CleanupLedger();
        foreach (var resource in adopted) late.Register(resource);
        return await AccountAsync([.. results, .. await runner.RunAsync(late, ct).ConfigureAwait(false)]).ConfigureAwait(false);
    }

    /// <summary>Each collection whose write route names a list operation, listed (bounded pages, each request with the request timeout); none in read-only mode.</summary>
    private static async Task<IReadOnlyDictionary<string, InventorySnapshot>> ListCollectionsAsync(TargetOptions options, LoadGatePlan plan,
        SirimRequests requests, RouteValues values, CancellationToken ct)
    {
        var listed = RouteInventory.Listed(plan.Routes);
        var snapshots = new Dictionary<string, InventorySnapshot>(StringComparer.Ordinal);
        if (listed.Count == 0) return snapshots;
        var maxPages = ContractsSettings.Read(options.Setting, new List<string>()).InventoryMaxPages;
        using var client = new ExchangeClient(options.RequestTimeout, options.TlsSkipVerify);
        var send = Sender(plan, client);
        foreach (var (collection, route) in listed)
            snapshots[collection] = await RouteInventory.ListAsync(collection, route, values, options.Api, send, requests.RequestFor, maxPages, ct).ConfigureAwait(false);
        return snapshots;
    }

    /// <summary>Sends one request of the cleanup or the inventory (not measured), through the load safety policy.</summary>
    private static Func<ExchangeRequest, CancellationToken, Task<HttpExchange>> Sender(LoadGatePlan plan, ExchangeClient client) =>
        async (request, token) => plan.Safety.RefusalFor(request.Url) is { } refusal
            ? new HttpExchange(request, null, TimeSpan.Zero, DateTimeOffset.UtcNow, "refused: " + refusal)
            : await client.SendAsync(request, token).ConfigureAwait(false);

    /// <summary>
    /// The SIRIM scenario: each iteration sends one critical route, chosen by smooth weighted round-robin. A route that
    /// creates something is two steps (<c>name_create</c>, then <c>name_delete</c> with the created id); <c>{n}</c>
    /// numbers the templated requests of the whole run, priming included, from 1. What a failed delete left is removed by
    /// the cleanup after the load, not inside it.
    /// </summary>
    internal static Scenario BuildScenario(LoadGatePlan plan, SirimRequests requests, RouteValues values)
    {
        var order = WeightedOrder(plan.Routes);
        long sequence = -1;
        return ScenarioShape(plan) with { Iteration = async (ctx, ct) =>
        {
            var route = order[(int)(Interlocked.Increment(ref sequence) % order.Length)];
            if (route.Kind == RouteKind.Login)
            {
                await ctx.StepAsync(route.Name, c => requests.LoginAsync(route.Name, c)).ConfigureAwait(false);
                return;
            }
            var request = requests.NextRequest();
            if (route.Cleanup is null)
            {
                await ctx.StepAsync(route.Name, c => requests.SendRouteAsync(route.Name, route, values, request, c)).ConfigureAwait(false);
                return;
            }
            string? created = null;
            await ctx.StepAsync(route.Name + "_create", async c =>
            {
                var (result, id) = await requests.CreateAsync(route.Name + "_create", route, values, request, c).ConfigureAwait(false);
                created = id;
                return result;
            }).ConfigureAwait(false);
            if (created is { } id)
                await ctx.StepAsync(route.Name + "_delete", c => requests.CleanupAsync(route.Name + "_delete", route, values, id, c)).ConfigureAwait(false);
        } };
    }

    /// <summary>The scenario's name, simulations and warm-up, without its iteration: what the plan's validation needs before anything is sent.</summary>
    private static Scenario ScenarioShape(LoadGatePlan plan) => new("sirim_" + plan.Profile.Name.Replace('-', '_'), static (_, _) => Task.CompletedTask)
    {
        Simulations = plan.Profile.Simulations(),
        WarmUp = plan.Profile.WarmUp,
    };

    /// <summary>The most requests in flight at once, as the engine measured them each second (a worker is busy with one request at a time).</summary>
    private static long MostInFlight(Load.Stats.LoadReport report) => report.Timeline.Count == 0 ? 0 : report.Timeline.Max(p => p.InFlight);

    /// <summary>
    /// Before the clock starts: each route once, then a short concurrent burst of the first GET route, so the first
    /// measured seconds do not pay for just-in-time compilation and opening connections (client and server side).
    /// Nothing here is measured; what a route creates is cleaned up like the rest.
    /// </summary>
    private static async Task PrimeAsync(LoadGatePlan plan, SirimRequests requests, RouteValues values, CancellationToken ct)
    {
        foreach (var route in plan.Routes)
        {
            if (route.Kind == RouteKind.Login)
            {
                await requests.LoginAsync(route.Name, ct).ConfigureAwait(false);
                continue;
            }
            if (route.Cleanup is null)
            {
                await requests.SendRouteAsync(route.Name, route, values, requests.NextRequest(), ct).ConfigureAwait(false);
                continue;
            }
            var (_, id) = await requests.CreateAsync(route.Name, route, values, requests.NextRequest(), ct).ConfigureAwait(false);
            if (id is not null) await requests.CleanupAsync(route.Name, route, values, id, ct).ConfigureAwait(false);
        }
        if (plan.Routes.FirstOrDefault(r => r is { Kind: RouteKind.Request, Method: "GET" }) is { } get)
        {
            var burst = Math.Min(plan.Profile.Users, 20);
            await Task.WhenAll(Enumerable.Range(0, burst).Select(_ =>
                requests.SendRouteAsync(get.Name, get, values, requests.NextRequest(), ct).AsTask())).ConfigureAwait(false);
        }
    }

    /// <summary>Smooth weighted round-robin (as nginx balances upstreams): weights 8,1,1 give the others evenly spread among the first.</summary>
    internal static CriticalRoute[] WeightedOrder(IReadOnlyList<CriticalRoute> routes)
    {
        var total = routes.Sum(r => r.Weight);
        var current = new int[routes.Count];
        var order = new CriticalRoute[total];
        for (var n = 0; n < total; n++)
        {
            var best = 0;
            for (var i = 0; i < routes.Count; i++)
            {
                current[i] += routes[i].Weight;
                if (current[i] > current[best]) best = i;
            }
            current[best] -= total;
            order[n] = routes[best];
        }
        return order;
    }

    /// <summary>Passes the engine's progress on, keeping its latest count of requests in flight (one writer: the engine's timeline).</summary>
    private sealed class InFlightRecorder(IProgress<LoadProgress>? next) : IProgress<LoadProgress>
    {
        private int _latest;

        public int Latest => Volatile.Read(ref _latest);

        public void Report(LoadProgress value)
        {
            Volatile.Write(ref _latest, value.InFlight);
            next?.Report(value);
        }
    }

    /// <summary>Records the load's requests in flight (the engine's latest count) at each pool sample, for the connections-vs-concurrency chart.</summary>
    private sealed class ConcurrencyRecorder(InFlightRecorder inFlight) : IProgress<PoolSample>
    {
        private readonly List<ConcurrencyPoint> _points = [];

        public IReadOnlyList<ConcurrencyPoint> Points { get { lock (_points) return _points.ToList(); } }

        public void Report(PoolSample value)
        {
            lock (_points) _points.Add(new ConcurrencyPoint(value.At, inFlight.Latest));
        }
    }
}
