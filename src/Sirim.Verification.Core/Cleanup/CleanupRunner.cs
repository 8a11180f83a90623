using System.Diagnostics;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Cleanup;

/// <summary>How hard the cleanup tries: DELETE + read-back attempts per resource, the pause between them and a deadline for all.</summary>
public sealed record CleanupBounds(int MaxAttempts, TimeSpan RetryDelay, TimeSpan Deadline)
{
    public static CleanupBounds Default { get; } = new(3, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(60));
}

/// <summary>What became of one tracked resource: gone or not, and how that was verified (the read-back's answer).</summary>
public sealed record CleanupResult(TrackedResource Resource, bool Gone, string Verification, int Attempts, IReadOnlyList<HttpExchange> Exchanges)
{
    /// <summary>The DELETE request that removes it by hand, for the evidence (null when it has no item URL).</summary>
    public ExchangeRequest? Delete { get; init; }
}

/// <summary>
/// Deletes each resource of a <see cref="CleanupLedger"/> through its item URL (with its delete method) and reads it
/// back at its read-back URL: a GET answered 404 or 410 means gone (RFC 9110 §15.5.5, §15.5.11); anything else means
/// still there. Retries within <see cref="CleanupBounds"/> (count and time) in rounds: every resource once, one pause,
/// then the ones still there again, so a thousand resources of a load run cost one pause per round, not one each.
/// Resources the run already deleted are only read back (and deleted again if they are still there). Never throws for
/// an HTTP answer; a resource it cannot reach is reported, not skipped.
/// </summary>
public sealed class CleanupRunner(
    Func<ExchangeRequest, CancellationToken, Task<HttpExchange>> send,
    Func<string, Uri, ExchangeRequest> requestFor,
    CleanupBounds bounds)
{
    public async Task<IReadOnlyList<CleanupResult>> RunAsync(CleanupLedger ledger, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var states = ledger.Resources.Select(r => new State(r, ledger.DeletedByRun(r))).ToList();
        for (var round = 0; ; round++)
        {
            var pending = states.Where(s => s.Resource.ItemUrl is not null && !s.Gone && !s.Stopped && s.Attempts < bounds.MaxAttempts).ToList();
            if (pending.Count == 0) break;
            if (round > 0 && bounds.RetryDelay > TimeSpan.Zero) await Task.Delay(bounds.RetryDelay, ct).ConfigureAwait(false);
            foreach (var s in pending)
            {
                var url = s.Resource.ItemUrl!;
                if (clock.Elapsed > bounds.Deadline) { s.Verification = $"cleanup deadline of {bounds.Deadline.TotalSeconds:0} s passed; {s.LastDelete}"; s.Stopped = true; continue; }
                // The run's own DELETE counts as the first attempt: read back before deleting again.
                if (s.NeedDelete)
                {
                    var d = await SendAsync(requestFor(s.Resource.DeleteMethod, url), ct).ConfigureAwait(false);
                    s.Exchanges.Add(d);
                    s.Attempts++;
                    s.LastDelete = $"{s.Resource.DeleteMethod} → {Status(d)}";
                }
                s.NeedDelete = true;
                var read = await SendAsync(requestFor("GET", s.Resource.ReadBackUrl ?? url), ct).ConfigureAwait(false);
                s.Exchanges.Add(read);
                s.Gone = read.Status is 404 or 410;
                s.Verification = $"{s.LastDelete}; GET → {Status(read)}";
            }
        }
        return states.Select(s => s.Resource.ItemUrl is not { } url
            ? new CleanupResult(s.Resource, false, "not deletable: " + (s.Resource.NotDeletableReason ?? "no item URL"), 0, [])
            : new CleanupResult(s.Resource, s.Gone, s.Gone ? s.Verification : $"still there after {s.Attempts} DELETE attempt(s): {s.Verification}",
                s.Attempts, s.Exchanges) { Delete = requestFor(s.Resource.DeleteMethod, url) }).ToList();
    }

    private sealed class State(TrackedResource resource, HttpExchange? byRun)
    {
        public TrackedResource Resource { get; } = resource;
        public List<HttpExchange> Exchanges { get; } = [];
        public string? LastDelete { get; set; } = byRun is null ? null : $"{resource.DeleteMethod} by the run → {Status(byRun)}";
        public bool NeedDelete { get; set; } = byRun is null;
        public int Attempts { get; set; }
        public bool Gone { get; set; }
        public bool Stopped { get; set; }
        public string Verification { get; set; } = "";
    }

    private async Task<HttpExchange> SendAsync(ExchangeRequest request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await send(request, timeout.Token).ConfigureAwait(false);
    }

    private static string Status(HttpExchange e) => e.Status?.ToString() ?? ("no answer: " + e.TransportError);
}
