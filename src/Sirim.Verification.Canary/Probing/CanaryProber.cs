using System.Diagnostics;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Canary.Probing;

/// <summary>What the probe phase measured, plus a few raw exchanges kept as evidence.</summary>
public sealed record ProbeRun(
    IReadOnlyList<ProbeSample> Samples,
    IReadOnlyList<(string Title, HttpExchange Exchange)> Examples,
    int Rounds,
    int WarmupRequests,
    bool StoppedByTimeLimit,
    TimeSpan Elapsed);

/// <summary>
/// Sends the same probe load to the baseline and the canary, interleaved: each round sends one request to each
/// deployment back to back, alternating which goes first, so whatever noise the machine or network adds hits both
/// alike. A short warm-up per route (not measured) lets both processes reach steady state. Bounded by the request count
/// and the time limit; each worker keeps its own samples (no shared lock per request), merged at the end.
/// </summary>
public sealed class CanaryProber(ExchangeClient client)
{
    public async Task<ProbeRun> RunAsync(CanaryOptions options, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        bool Expired() => watch.Elapsed >= options.MaxDuration;

        var warmup = 0;
        foreach (var path in options.ProbePaths)
            for (var i = 0; i < options.WarmupPerPath && !Expired(); i++)
            {
                await client.GetAsync(TargetOptions.Combine(options.BaselineUrl, path), ct).ConfigureAwait(false);
                await client.GetAsync(TargetOptions.Combine(options.CanaryUrl, path), ct).ConfigureAwait(false);
                warmup += 2;
            }

        var next = -1;
        var workers = Enumerable.Range(0, options.Concurrency).Select(_ => Task.Run(async () =>
        {
            var samples = new List<ProbeSample>();
            var examples = new List<(string, HttpExchange)>();
            int round;
            while ((round = Interlocked.Increment(ref next)) < options.RequestsPerSide && !Expired())
            {
                var path = options.ProbePaths[round % options.ProbePaths.Count];
                var order = round % 2 == 0 ? new[] { Side.Baseline, Side.Canary } : [Side.Canary, Side.Baseline];
                foreach (var side in order)
                {
                    var url = TargetOptions.Combine(side == Side.Baseline ? options.BaselineUrl : options.CanaryUrl, path);
                    var exchange = await client.GetAsync(url, ct).ConfigureAwait(false);
                    var sample = new ProbeSample(side, path, exchange.Status, exchange.Elapsed.TotalMilliseconds, exchange.TransportError);
                    samples.Add(sample);
                    if (round < options.ProbePaths.Count * 2) examples.Add(($"{side.ToString().ToLowerInvariant()} GET {path} (round {round + 1})", exchange));
                    else if (sample.IsError && examples.Count(e => e.Item1.Contains("error")) < 4)
                        examples.Add(($"{side.ToString().ToLowerInvariant()} GET {path} error (round {round + 1})", exchange));
                }
            }
            return (samples, examples);
        }, ct)).ToList();
        var results = await Task.WhenAll(workers).ConfigureAwait(false);

        var all = results.SelectMany(r => r.samples).ToList();
        var rounds = all.Count / 2;
        return new ProbeRun(all, results.SelectMany(r => r.examples).OrderBy(e => e.Item2.StartedAt).ToList(), rounds, warmup,
            rounds < options.RequestsPerSide, watch.Elapsed);
    }
}
