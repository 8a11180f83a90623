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
/// Deletes each resource of a <see cref="CleanupLedger"/> through its item URL and reads it back: a GET answered 404
/// or 410 means gone (RFC 9110 §15.5.5, §15.5.11); anything else means still there. Retries within
/// <see cref="CleanupBounds"/> (count and time). Resources the run already deleted are only read back (and deleted
/// again if they are still there). Never throws for an HTTP answer; a resource it cannot reach is reported, not skipped.
/// </summary>
public sealed class CleanupRunner(
    Func<ExchangeRequest, CancellationToken, Task<HttpExchange>> send,
    Func<string, Uri, ExchangeRequest> requestFor,
    CleanupBounds bounds)
{
    public async Task<IReadOnlyList<CleanupResult>> RunAsync(CleanupLedger ledger, CancellationToken ct)
    {
        var results = new List<CleanupResult>();
        var clock = Stopwatch.StartNew();
        foreach (var resource in ledger.Resources)
        {
            if (resource.ItemUrl is not { } url)
            {
                results.Add(new(resource, false, "not deletable: " + (resource.NotDeletableReason ?? "no item URL"), 0, []));
                continue;
            }
            var delete = requestFor("DELETE", url);
            var exchanges = new List<HttpExchange>();
            var byRun = ledger.DeletedByRun(resource);
            string? lastDelete = byRun is null ? null : $"DELETE by the run → {Status(byRun)}";
            var attempts = 0;
            var gone = false;
            var verification = "";
            // The run's own DELETE counts as the first attempt: read back before deleting again.
            var needDelete = byRun is null;
            while (attempts < bounds.MaxAttempts)
            {
                if (needDelete)
                {
                    if (attempts > 0 && bounds.RetryDelay > TimeSpan.Zero) await Task.Delay(bounds.RetryDelay, ct).ConfigureAwait(false);
                    if (clock.Elapsed > bounds.Deadline) { verification = $"cleanup deadline of {bounds.Deadline.TotalSeconds:0} s passed; "; break; }
                    var d = await SendAsync(delete, ct).ConfigureAwait(false);
                    exchanges.Add(d);
                    attempts++;
                    lastDelete = $"DELETE → {Status(d)}";
                }
                needDelete = true;
                var read = await SendAsync(requestFor("GET", url), ct).ConfigureAwait(false);
                exchanges.Add(read);
                if (read.Status is 404 or 410)
                {
                    gone = true;
                    verification = $"{lastDelete}; GET → {read.Status}";
                    break;
                }
                verification = $"{lastDelete}; GET → {Status(read)}";
            }
            if (!gone) verification = $"still there after {attempts} DELETE attempt(s): {verification}";
            results.Add(new(resource, gone, verification, attempts, exchanges) { Delete = delete });
        }
        return results;
    }

    private async Task<HttpExchange> SendAsync(ExchangeRequest request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await send(request, timeout.Token).ConfigureAwait(false);
    }

    private static string Status(HttpExchange e) => e.Status?.ToString() ?? ("no answer: " + e.TransportError);
}
