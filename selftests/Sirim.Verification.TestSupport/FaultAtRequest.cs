using System.Diagnostics;
using Sirim.ReferenceTarget.Hosting;

namespace Sirim.Verification.TestSupport;

/// <summary>
/// A message handler for the suite's HTTP client that injects one fault at a chosen request: when <c>trigger</c> first
/// says yes (it sees each request and the answers so far), <c>fault</c> runs once (kill the target, stop the database)
/// before that request goes out. Deterministic: the fault happens at a request, not after a delay.
/// </summary>
public sealed class FaultAtRequest(Func<HttpRequestMessage, IReadOnlyList<(string Request, int Status)>, bool> trigger, Func<Task> fault) : DelegatingHandler
{
    private readonly List<(string Request, int Status)> _answered = [];
    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _fired;

    /// <summary>The request before which the fault ran, and when (UTC); null until then.</summary>
    public (string Request, DateTimeOffset At)? FiredAt { get; private set; }

    /// <summary>Wraps the default handler: pass as ExchangeClient's configureHandler.</summary>
    public HttpMessageHandler Wrap(HttpMessageHandler inner)
    {
        InnerHandler = inner;
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        await _once.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            List<(string, int)> seen;
            lock (_answered) seen = [.. _answered];
            if (!_fired && trigger(request, seen))
            {
                _fired = true;
                FiredAt = ($"{request.Method} {request.RequestUri!.PathAndQuery}", DateTimeOffset.UtcNow);
                await fault().ConfigureAwait(false);
            }
        }
        finally { _once.Release(); }
        var response = await base.SendAsync(request, ct).ConfigureAwait(false);
        lock (_answered) _answered.Add(($"{request.Method} {request.RequestUri!.AbsolutePath}", (int)response.StatusCode));
        return response;
    }

    /// <summary>The first request after the API answered a POST with 201 Created (the run has created data of its own; a login answers 200).</summary>
    public static bool AfterFirstCreate(HttpRequestMessage _, IReadOnlyList<(string Request, int Status)> answered) =>
        answered.Any(a => a.Request.StartsWith("POST ", StringComparison.Ordinal) && a.Status == 201);

    /// <summary>Kills the reference target's process (SIGKILL, as an OOM kill would) and waits until it is gone.</summary>
    public static async Task KillAsync(ReferenceTargetProcess target)
    {
        using var process = Process.GetProcessById(target.ProcessId);
        process.Kill(entireProcessTree: true);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
    }
}
