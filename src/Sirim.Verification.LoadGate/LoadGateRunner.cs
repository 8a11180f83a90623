using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load;
using Sirim.Verification.Load.Progress;
using Sirim.Verification.LoadGate.Http;
using Sirim.Verification.LoadGate.Routes;
using Sirim.Verification.Pool;
using Sirim.Verification.Pool.Reporting;

namespace Sirim.Verification.LoadGate;

/// <summary>Raised when the load cannot start (the plan is refused, or the verification user cannot log in); nothing was sent as load.</summary>
public sealed class LoadGateException(string message) : Exception(message);

/// <summary>
/// Runs a <see cref="LoadGatePlan"/>: logs in once, sends the critical routes on the profile's schedule through the load
/// engine, samples pg_stat_activity alongside when a monitoring connection is given, deletes what the write route
/// created, and returns everything measured.
/// </summary>
public static class LoadGateRunner
{
    public static async Task<LoadGateResult> RunAsync(TargetOptions options, LoadGatePlan plan, IProgress<LoadProgress>? progress,
        PoolSamplerOptions? sampler, CancellationToken ct)
    {
        var failures = new FailureLog();
        var maxConnections = plan.Profile.Model == Load.Simulations.LoadModel.Open ? plan.Profile.MaxInFlight : plan.Profile.Users;
        using var requests = new SirimRequests(options, plan.Safety, maxConnections + 4, failures);

        var scenario = BuildScenario(options, plan, requests);
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
            Progress = progress,
        };
        // The safety policy and the plan are checked before anything is sent, the login included.
        var refusal = LoadRunner.Validate(scenario, runOptions);
        if (refusal.Count > 0) throw new LoadGateException(new LoadPlanException(refusal).Message);
        if (plan.Safety.RefusalFor(options.Api(options.Auth.LoginPath)) is { } loginRefusal)
            throw new LoadGateException($"the load did not start: {loginRefusal}");

        if (plan.Routes.Any(r => r.Kind != RouteKind.Login))
        {
            using var client = new ExchangeClient(options.RequestTimeout, options.TlsSkipVerify);
            var auth = await Authenticator.AuthenticateAsync(options, client, ct).ConfigureAwait(false);
            if (!auth.Succeeded) throw new LoadGateException($"the load did not start: {auth.Problem}");
            requests.Token = auth.Token;
        }
        await PrimeAsync(options, plan, requests, ct).ConfigureAwait(false);

        var concurrency = new ConcurrencyRecorder(requests);
        PoolSamplingSession? session = sampler is null ? null : new PgActivitySampler(sampler).Start(concurrency, ct);
        Load.Stats.LoadReport report;
        PoolSamplingResult? pool = null;
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
        }

        var serverErrors = report.Overall.StatusCodes.Where(kv => kv.Key >= 500).Sum(kv => kv.Value);
        return new LoadGateResult(plan, report, failures.Samples,
            new PoolExhaustionSignals(failures.PoolTimeoutErrors, serverErrors, failures.TooManyClientsErrors),
            requests.MaxInFlight,
            new WriteCleanup(requests.Created, requests.Deleted, requests.Undeleted, requests.Tag, requests.DeletionsVerified, requests.StillPresent),
            pool, concurrency.Points);
    }

    /// <summary>Most deletions read back after a run (all of them for the CI profiles; a long production run verifies the first ones).</summary>
    internal const int MaxDeletionsVerified = 2000;

    /// <summary>The SIRIM scenario: each iteration sends one critical route, chosen by smooth weighted round-robin.</summary>
    internal static Scenario BuildScenario(TargetOptions options, LoadGatePlan plan, SirimRequests requests)
    {
        var order = WeightedOrder(plan.Routes);
        var urls = plan.Routes.ToDictionary(r => r.Name, r => plan.RouteUrl(options, r));
        long sequence = -1;
        return new Scenario("sirim_" + plan.Profile.Name.Replace('-', '_'), async (ctx, ct) =>
        {
            var route = order[(int)(Interlocked.Increment(ref sequence) % order.Length)];
            var url = urls[route.Name];
            switch (route.Kind)
            {
                case RouteKind.Get:
                    await ctx.StepAsync(route.Name, c => requests.GetAsync(route.Name, url, c)).ConfigureAwait(false);
                    break;
                case RouteKind.Login:
                    await ctx.StepAsync(route.Name, c => requests.LoginAsync(route.Name, c)).ConfigureAwait(false);
                    break;
                default:
                    var created = new Holder<long?>();
                    await ctx.StepAsync(route.Name + "_create", c => requests.CreateGastoAsync(route.Name + "_create", url, plan.EmpresaId, created, c)).ConfigureAwait(false);
                    if (created.Value is { } id)
                        await ctx.StepAsync(route.Name + "_delete", c => requests.DeleteGastoAsync(route.Name + "_delete", url, id, c)).ConfigureAwait(false);
                    break;
            }
        })
        {
            Simulations = plan.Profile.Simulations(),
            WarmUp = plan.Profile.WarmUp,
            Clean = async ct =>
            {
                // Whatever a failed delete left behind is removed after the load, then the deletions are read back
                // (a 204 proves nothing if the row stays), bounded in count and time. Running out of time leaves the
                // rest listed as leftovers; it never loses the report.
                var writeRoute = plan.Routes.FirstOrDefault(r => r.Kind == RouteKind.Write);
                if (writeRoute is null) return;
                try
                {
                    foreach (var id in requests.Undeleted.Take(200))
                    {
                        if (ct.IsCancellationRequested) break;
                        await requests.DeleteGastoAsync(writeRoute.Name + "_cleanup", urls[writeRoute.Name], id, ct).ConfigureAwait(false);
                    }
                    await requests.VerifyDeletedAsync(urls[writeRoute.Name], MaxDeletionsVerified, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Out of time: what is not deleted (or not verified) is reported as it stands.
                }
            },
        };
    }

    /// <summary>
    /// Before the clock starts: each route once, then a short concurrent burst of the first GET route, so the first
    /// measured seconds do not pay for just-in-time compilation and opening connections (client and server side).
    /// Nothing here is measured; what the write route creates is deleted like the rest.
    /// </summary>
    private static async Task PrimeAsync(TargetOptions options, LoadGatePlan plan, SirimRequests requests, CancellationToken ct)
    {
        requests.Recording = false;
        try
        {
            foreach (var route in plan.Routes)
            {
                var url = plan.RouteUrl(options, route);
                switch (route.Kind)
                {
                    case RouteKind.Get: await requests.GetAsync(route.Name, url, ct).ConfigureAwait(false); break;
                    case RouteKind.Login: await requests.LoginAsync(route.Name, ct).ConfigureAwait(false); break;
                    default:
                        var created = new Holder<long?>();
                        await requests.CreateGastoAsync(route.Name, url, plan.EmpresaId, created, ct).ConfigureAwait(false);
                        if (created.Value is { } id) await requests.DeleteGastoAsync(route.Name, url, id, ct).ConfigureAwait(false);
                        break;
                }
            }
            if (plan.Routes.FirstOrDefault(r => r.Kind == RouteKind.Get) is { } get)
            {
                var url = plan.RouteUrl(options, get);
                var burst = Math.Min(plan.Profile.Users, 20);
                await Task.WhenAll(Enumerable.Range(0, burst).Select(_ => requests.GetAsync(get.Name, url, ct).AsTask())).ConfigureAwait(false);
            }
        }
        finally
        {
            requests.Recording = true;
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

    /// <summary>Records the load's requests in flight at each pool sample, for the connections-vs-concurrency chart.</summary>
    private sealed class ConcurrencyRecorder(SirimRequests requests) : IProgress<PoolSample>
    {
        private readonly List<ConcurrencyPoint> _points = [];

        public IReadOnlyList<ConcurrencyPoint> Points { get { lock (_points) return _points.ToList(); } }

        public void Report(PoolSample value)
        {
            lock (_points) _points.Add(new ConcurrencyPoint(value.At, requests.InFlight));
        }
    }
}
