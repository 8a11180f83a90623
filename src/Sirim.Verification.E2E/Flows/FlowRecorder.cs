using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.E2E.Flows;

/// <summary>
/// Listens to one browser context while a flow runs: console messages, uncaught page errors, CSP violations (the
/// securitypolicyviolation event, reported through an exposed function), requests without a response and every
/// request with its status. State belongs to this flow attempt only.
/// </summary>
public sealed class FlowRecorder
{
    private const string CspBinding = "__sirimReportCspViolation";

    // Registered before any page script runs; reports every violation of the document's policy to the recorder.
    private const string CspListener =
        "document.addEventListener('securitypolicyviolation', e => { try { window." + CspBinding +
        "(JSON.stringify({ d: e.effectiveDirective || e.violatedDirective, b: e.blockedURI, s: e.sourceFile || null })); } catch (_) {} }, true);";

    private readonly object _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<ConsoleEntry> _console = [];
    private readonly List<PageErrorEntry> _pageErrors = [];
    private readonly List<CspViolation> _csp = [];
    private readonly List<FailedRequest> _failed = [];
    private readonly List<ApiCall> _calls = [];
    private readonly List<(string Method, string PathPrefix, int[] Statuses)> _expectations = [];
    private readonly List<string> _refusedTokens = [];
    private readonly List<IResponse> _created = [];
    private readonly string _flow;
    private readonly E2EOptions _options;

    public FlowRecorder(string flow, E2EOptions options)
    {
        _flow = flow;
        _options = options;
    }

    public async Task AttachAsync(IBrowserContext context)
    {
        await context.ExposeFunctionAsync<string>(CspBinding, OnCspViolation).ConfigureAwait(false);
        await context.AddInitScriptAsync(CspListener).ConfigureAwait(false);
        context.Console += (_, m) => Add(_console, new ConsoleEntry(m.Type, m.Text, m.Location, _clock.Elapsed));
        context.WebError += (_, e) => Add(_pageErrors, ParseError(e.Error));
        context.RequestFailed += (_, r) =>
        {
            Add(_failed, new FailedRequest(r.Method, r.Url, r.ResourceType, r.Failure ?? "failed", _clock.Elapsed));
            if (IsApiCall(r)) Add(_calls, Call(r, null) with { Failure = r.Failure ?? "failed" });
        };
        context.Response += (_, r) =>
        {
            Add(_calls, Call(r.Request, r.Status));
            if (r.Status == 201 && r.Request.Method == "POST" && IsApiCall(r.Request)) Add(_created, r);
        };
    }

    /// <summary>When this recorder started (the moment <see cref="ApiCall.At"/> and the other offsets count from).</summary>
    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// Every API call of the page answered 201 Created, as the page received it (status, headers, body; URL), so what the
    /// frontend created is accounted for even when the flow stops before it reads the new record's id off the page.
    /// A body the browser no longer holds is left out.
    /// </summary>
    public async Task<IReadOnlyList<(Uri Url, ExchangeResponse Response)>> CreatedAnswersAsync()
    {
        List<IResponse> created;
        lock (_lock) created = _created.ToList();
        var answers = new List<(Uri, ExchangeResponse)>();
        foreach (var r in created)
        {
            try
            {
                var body = await r.TextAsync().ConfigureAwait(false);
                var headers = r.Headers.Select(h => new HttpHeader(h.Key, h.Value)).ToList();
                answers.Add((new Uri(r.Url), new ExchangeResponse(r.Status, r.StatusText, "1.1", headers, body, body.Length)));
            }
            catch (PlaywrightException) { }
        }
        return answers;
    }

    /// <summary>
    /// While the returned scope is open, calls matching <paramref name="method"/> and <paramref name="pathPrefix"/> are
    /// expected to answer one of <paramref name="statuses"/> (e.g. 401 for a wrong password) instead of 2xx/3xx.
    /// </summary>
    public IDisposable ExpectStatus(string method, string pathPrefix, params int[] statuses)
    {
        var entry = (method, pathPrefix, statuses);
        lock (_lock) _expectations.Add(entry);
        return new Scope(() => { lock (_lock) _expectations.Remove(entry); });
    }

    /// <summary>
    /// From now on, a 401 to an API call that carries <paramref name="token"/> (a token the flow broke on purpose) is
    /// expected, whenever it arrives: a page that still sends the token after its refusal is judged by the session
    /// checks, not reported as a contract disagreement. Other answers (a login that ignores the header) are judged as usual.
    /// </summary>
    public void ExpectRefused(string token)
    {
        if (token.Length > 0) lock (_lock) _refusedTokens.Add(token);
    }

    public FlowObservation Observation()
    {
        lock (_lock)
        {
            // The browser also prints each violation on the console; use those only when the event was not seen.
            var csp = _csp.Count > 0 ? _csp.ToList() : _console.Select(FromConsole).OfType<CspViolation>().ToList();
            return new FlowObservation(_flow, _console.ToList(), _pageErrors.ToList(), csp, _failed.ToList(), _calls.ToList(),
                _options.ApiOrigin, _options.FrontendOrigin);
        }
    }

    private ApiCall Call(IRequest request, int? status)
    {
        var timing = request.Timing;
        double? ms = timing is { ResponseEnd: > 0, RequestStart: >= 0 } ? timing.ResponseEnd : null;
        int[]? expected;
        lock (_lock)
        {
            var path = Uri.TryCreate(request.Url, UriKind.Absolute, out var u) ? u.AbsolutePath : request.Url;
            expected = _expectations.LastOrDefault(e => e.Method.Equals(request.Method, StringComparison.OrdinalIgnoreCase) &&
                                                        path.StartsWith(e.PathPrefix, StringComparison.Ordinal)).Statuses;
            if (expected is null && status == 401 && _refusedTokens.Count > 0 && request.Headers.TryGetValue("authorization", out var authorization) &&
                _refusedTokens.Any(t => authorization.EndsWith(t, StringComparison.Ordinal)))
                expected = [401];
        }
        return new ApiCall(request.Method, request.Url, status, request.ResourceType, _clock.Elapsed, ms, expected);
    }

    public static bool IsApiCall(IRequest request) => IsApiCall(request.ResourceType);

    /// <summary>True for the resource types of a page's API calls (fetch, XHR).</summary>
    public static bool IsApiCall(string resourceType) => resourceType is "fetch" or "xhr";

    private void OnCspViolation(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            Add(_csp, new CspViolation(r.GetProperty("d").GetString() ?? "?", r.GetProperty("b").GetString() ?? "?",
                r.TryGetProperty("s", out var s) ? s.GetString() : null, _clock.Elapsed));
        }
        catch (JsonException) { }
    }

    private PageErrorEntry ParseError(string error)
    {
        var lines = error.Split('\n');
        return new PageErrorEntry(lines[0].Trim(), lines.Length > 1 ? error : null, _clock.Elapsed);
    }

    /// <summary>"Refused to load the script 'http://x/app.js' because it violates the following Content Security Policy directive: "script-src 'none'"."</summary>
    public static CspViolation? FromConsole(ConsoleEntry entry)
    {
        const string marker = "Content Security Policy directive: \"";
        var i = entry.Text.IndexOf(marker, StringComparison.Ordinal);
        if (!entry.Text.StartsWith("Refused to", StringComparison.Ordinal) || i < 0) return null;
        var directive = entry.Text[(i + marker.Length)..].Split('"')[0];
        var q = entry.Text.IndexOf('\'');
        var blocked = q >= 0 && entry.Text.IndexOf('\'', q + 1) is var q2 and > 0 ? entry.Text[(q + 1)..q2] : "inline";
        return new CspViolation(directive, blocked, entry.Location, entry.At);
    }

    private void Add<T>(List<T> list, T item)
    {
        lock (_lock) if (list.Count < 500) list.Add(item); // bounded: a runaway page cannot exhaust memory
    }

    private sealed class Scope(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
