using System.Diagnostics;
using System.Globalization;
using Sirim.Verification.Load;
using Sirim.Verification.Load.Http;
using Sirim.Verification.Load.Progress;
using Sirim.Verification.Load.Safety;
using Sirim.Verification.Load.Simulations;

// Drives the load engine the way wrk and hey are driven in load/benchmarks/engine-vs-wrk.sh: closed model,
// N virtual users over N pooled connections, one GET per iteration, for a duration or a number of requests.
// Prints "Requests/sec: X" (the same line wrk and hey print) and the process's peak resident memory.
var options = BenchOptions.Parse(args);
if (options.Error is not null)
{
    Console.Error.WriteLine(options.Error);
    Console.Error.WriteLine("usage: Sirim.Verification.Load.Bench --url http://127.0.0.1:PORT/ [--connections 64] (--duration 10 | --requests 1000000) [--warmup 2]");
    return 2;
}

var policy = LoadSafetyPolicy.LoopbackOnly with
{
    MaxDuration = TimeSpan.FromHours(1),
    MaxVirtualUsers = 10_000,
    MaxTotalIterations = 100_000_000,
};
using var http = new HttpLoadClient(policy, new HttpLoadClientOptions { MaxConnectionsPerServer = options.Connections });
var url = options.Url!;
Func<CancellationToken, ValueTask<StepResult>> get = ct => http.GetAsync(url, ct);
var during = options.Requests is null ? TimeSpan.FromSeconds(options.DurationSeconds) : TimeSpan.FromMinutes(30);
var scenario = new Scenario("bench", async (ctx, _) => await ctx.StepAsync("get", get).ConfigureAwait(false))
{
    Simulations = [LoadSimulation.KeepConstant(options.Connections, during)],
    WarmUp = options.Requests is null ? TimeSpan.FromSeconds(options.WarmUpSeconds) : TimeSpan.Zero,
};

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var memory = new MemoryProbe(options.Quiet ? null : ConsoleProgressRenderer.ForConsole());
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var report = await LoadRunner.RunAsync(
    scenario,
    new LoadRunOptions
    {
        Safety = policy,
        Targets = [url],
        IterationLimit = options.Requests,
        GracefulStop = TimeSpan.FromSeconds(5),
        Progress = memory,
    },
    cancel.Token);
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

var overall = report.Overall;
var requests = overall.Count;
var perRequest = requests > 0 ? allocated / (double)requests : 0;
var peakRssMb = ReadStatusKb("VmHWM") / 1024.0;
var rssMb = ReadStatusKb("VmRSS") / 1024.0;
var inv = CultureInfo.InvariantCulture;
Console.WriteLine(string.Create(inv, $"Outcome: {report.OutcomeText}{(report.OutcomeReason is null ? string.Empty : " (" + report.OutcomeReason + ")")}"));
Console.WriteLine(string.Create(inv, $"Requests: {requests} ok {overall.Ok} fail {overall.Fail} in {report.MeasuredDuration.TotalSeconds:0.00}s measured"));
Console.WriteLine(string.Create(inv, $"Requests/sec: {overall.Rps:0.00}"));
Console.WriteLine(string.Create(inv, $"Latency p50 {overall.ResponseTime.P50Ms:0.000} ms, p99 {overall.ResponseTime.P99Ms:0.000} ms, max {overall.ResponseTime.MaxMs:0.000} ms"));
Console.WriteLine(string.Create(inv, $"Allocated: {allocated / 1024.0 / 1024.0:0.0} MB ({perRequest:0} bytes per request), GC gen0/1/2: {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}"));
Console.WriteLine(string.Create(inv, $"Peak RSS (VmHWM): {peakRssMb:0.0} MB, RSS at end: {rssMb:0.0} MB"));
Console.WriteLine("RSS each second (MB, requests so far): " + memory.Describe());
foreach (var (reason, count) in overall.Errors)
{
    Console.WriteLine(string.Create(inv, $"Error: {reason} x{count}"));
}

return overall.Fail == 0 && report.Outcome == Sirim.Verification.Load.Stats.LoadOutcome.Completed ? 0 : 1;

static long ReadStatusKb(string field) => MemoryProbe.ReadStatusKb(field);

/// <summary>Records resident memory once a second (from the engine's progress reports) to show whether it stays flat.</summary>
internal sealed class MemoryProbe(IProgress<LoadProgress>? inner) : IProgress<LoadProgress>
{
    private readonly List<(long Requests, double RssMb)> _points = [];

    public void Report(LoadProgress value)
    {
        inner?.Report(value);
        lock (_points)
        {
            _points.Add((value.Requests, ReadStatusKb("VmRSS") / 1024.0));
        }
    }

    public string Describe()
    {
        lock (_points)
        {
            // At most about 20 points: every n-th second plus the last one.
            var step = Math.Max(1, _points.Count / 20);
            var shown = _points.Where((_, i) => i % step == 0 || i == _points.Count - 1);
            return string.Join(", ", shown.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.RssMb:0} ({p.Requests / 1000}k)")));
        }
    }

    public static long ReadStatusKb(string field)
    {
        // /proc/self/status lines look like "VmHWM:    123456 kB".
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                var digits = new string(line.Where(char.IsAsciiDigit).ToArray());
                return long.Parse(digits, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}

/// <summary>Command-line options of the benchmark driver.</summary>
internal sealed record BenchOptions(Uri? Url, int Connections, double DurationSeconds, long? Requests, double WarmUpSeconds, bool Quiet, string? Error)
{
    public static BenchOptions Parse(string[] args)
    {
        Uri? url = null;
        int connections = 64;
        double duration = 10, warmUp = 2;
        long? requests = null;
        var quiet = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : string.Empty;
            switch (args[i])
            {
                case "--url": url = Uri.TryCreate(Next(), UriKind.Absolute, out var u) ? u : null; break;
                case "--connections": connections = int.TryParse(Next(), CultureInfo.InvariantCulture, out var c) ? c : -1; break;
                case "--duration": duration = double.TryParse(Next(), CultureInfo.InvariantCulture, out var d) ? d : -1; break;
                case "--requests": requests = long.TryParse(Next(), CultureInfo.InvariantCulture, out var r) ? r : -1; break;
                case "--warmup": warmUp = double.TryParse(Next(), CultureInfo.InvariantCulture, out var w) ? w : -1; break;
                case "--quiet": quiet = true; break;
                default: return new BenchOptions(null, 0, 0, null, 0, quiet, $"unknown argument '{args[i]}'");
            }
        }

        string? error = url is null ? "--url is missing or not an absolute URL"
            : connections <= 0 ? "--connections must be a positive integer"
            : duration <= 0 ? "--duration must be a positive number of seconds"
            : requests is <= 0 ? "--requests must be a positive integer"
            : warmUp < 0 || (requests is null && warmUp >= duration) ? "--warmup must be 0 or more and shorter than --duration"
            : null;
        return new BenchOptions(url, connections, duration, requests, warmUp, quiet, error);
    }
}
