using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load;
using Sirim.Verification.Load.Http;
using Sirim.Verification.Load.Safety;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.LoadGate.Routes;

namespace Sirim.Verification.LoadGate.Http;

/// <summary>
/// The SIRIM requests the load sends, through the load engine's <see cref="HttpLoadClient"/> (one shared connection pool): the critical routes' templates filled for each
/// request, a login, and for a route that creates something the cleanup of what it created (tagged with the run id
/// when its body uses {tag} or {runId}). Every created item is registered in the run's <see cref="CleanupLedger"/>
/// with the route that created it, and every delete the load itself sent is noted there; the Core cleanup runner
/// reads each one back after the load (a 204 proves nothing if the row stays). Every request is checked against the load safety policy first (a host that
/// is not allowed is refused without any network activity). Successful bodies are only counted (or read for the
/// created id); failed ones are read (first 4 KB) so the evidence can show what the target answered and pool
/// exhaustion is recognised. Immutable once built: the bearer token is given at construction, and the priming before the
/// load sends through <see cref="WithoutFailureLog"/> (its failed responses are not failures of the load); a created id
/// is returned with the step's result, so nothing is shared between workers but the connection pool, the request
/// counter of <c>{n}</c> and the run's ledger.
/// </summary>
public sealed class SirimRequests
{
    private const int FailureBodyChars = 4096;
    private readonly HttpLoadClient _client;
    private readonly LoadSafetyPolicy _policy;
    private readonly TargetOptions _options;
    private readonly string? _token;
    private readonly FailureLog? _failures;
    private readonly RequestCounter _requests;

    /// <param name="options">The target: API base, login, request timeout.</param>
    /// <param name="policy">The load safety policy every request is checked against first.</param>
    /// <param name="client">The engine's client the requests go through (its connection pool, timeout and default headers).</param>
    /// <param name="failures">Where failed responses of the load are kept for the evidence.</param>
    /// <param name="token">Bearer token of every authenticated request, or null when the plan only logs in.</param>
    public SirimRequests(TargetOptions options, LoadSafetyPolicy policy, HttpLoadClient client, FailureLog failures, string? token)
        : this(options, policy, client, failures, token, new CleanupLedger(), new RequestCounter())
    {
    }

    private SirimRequests(TargetOptions options, LoadSafetyPolicy policy, HttpLoadClient client, FailureLog? failures, string? token,
        CleanupLedger ledger, RequestCounter requests)
    {
        _options = options;
        _policy = policy;
        _client = client;
        _failures = failures;
        _token = token;
        Ledger = ledger;
        _requests = requests;
    }

    /// <summary>The engine client's settings for the SIRIM load: connections, request timeout, TLS and the suite's User-Agent.</summary>
    public static HttpLoadClientOptions ClientOptions(TargetOptions options, int maxConnections) => new()
    {
        MaxConnectionsPerServer = Math.Max(1, maxConnections),
        RequestTimeout = options.RequestTimeout,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        AcceptAnyServerCertificate = options.TlsSkipVerify,
        DefaultHeaders = new Dictionary<string, string> { ["User-Agent"] = ExchangeClient.UserAgent + " (load)" },
    };

    /// <summary>The same requests (same ledger, same <c>{n}</c> counter) whose failed responses are not logged: for the priming before the load.</summary>
    public SirimRequests WithoutFailureLog() => new(_options, _policy, _client, null, _token, Ledger, _requests);

    /// <summary>Everything the routes created, with the request that created it, and the deletes the load sent itself.</summary>
    public CleanupLedger Ledger { get; }

    /// <summary>The text of <c>{tag}</c>, which the test data of this run carries, so leftovers can be found.</summary>
    public string Tag => RouteValues.TagFor(_options.RunId);

    /// <summary>The values of the next templated request: <c>{n}</c> counts from 1 over the whole run, <c>{uuid}</c> is fresh.</summary>
    public RequestValues NextRequest() => RequestValues.For(_requests.Next());

    public ValueTask<StepResult> LoginAsync(string step, CancellationToken ct)
    {
        // The same body as every other login of the suite (loginBody); the evidence shows it with the password masked.
        var auth = _options.Auth;
        var body = auth.LoginBody.Render(auth.Username ?? "", auth.Password ?? "");
        return SendAsync(step, HttpMethod.Post, _options.Api(auth.LoginPath), body, [200], ct, null, authenticated: false,
            evidenceBody: auth.LoginBody.Render(auth.Username ?? "", Redactor.Mask));
    }

    /// <summary>Sends one request of <paramref name="route"/>'s template, creating nothing the load tracks.</summary>
    public ValueTask<StepResult> SendRouteAsync(string step, CriticalRoute route, RouteValues values, RequestValues request, CancellationToken ct) =>
        SendAsync(step, new HttpMethod(route.Method), _options.Api(values.Path(route.Path!, request)), values.Body(route, request), route.Expect, ct, null);

    /// <summary>
    /// Sends one request of a route with a cleanup and returns the created id with the result (JSON Pointer into the
    /// answer, or the Location header); the id is tracked until the cleanup removes it, and an answer without it fails the step.
    /// </summary>
    public async ValueTask<CreatedResult> CreateAsync(string step, CriticalRoute route, RouteValues values, RequestValues request, CancellationToken ct)
    {
        var cleanup = route.Cleanup ?? throw new ArgumentException($"route {route.Name} has no cleanup", nameof(route));
        var url = _options.Api(values.Path(route.Path!, request));
        var body = values.Body(route, request);
        string? created = null;
        var result = await SendAsync(step, new HttpMethod(route.Method), url, body, route.Expect, ct, (response, text) =>
        {
            if (route.CreatedIdFromLocation)
            {
                created = response.Headers.Location is { } location ? LastSegment(location) : null;
                return;
            }
            using var doc = JsonDocument.Parse(text);
            created = JsonPointers.Id(doc.RootElement, route.CreatedIdPointer!);
        }).ConfigureAwait(false);
        if (result.StatusCode is >= 200 and < 300 && created is null)
        {
            // Something may have been created that the run cannot find again: accounted for, never dropped (one entry per route).
            var where = route.CreatedIdFromLocation ? "no Location header" : $"no id at {route.CreatedIdPointer}";
            Ledger.Register(new TrackedResource(LoadGateNames.Load, route.Method, route.Path!, route.Name, CollectionOf(cleanup), null, null, Tag,
                $"its {result.StatusCode} answer had {where}{(result.IsOk ? "" : $" ({result.Error})")}; look for '{Tag}' by hand"));
        }
        if (result.IsOk && created is null)
            return new CreatedResult(StepResult.Fail(route.CreatedIdFromLocation ? "created item has no Location" : $"created item has no id at {route.CreatedIdPointer}", result.StatusCode, result.Bytes), null);
        if (created is { } newId)
            Ledger.Register(new TrackedResource(LoadGateNames.Load, route.Method, route.Path!, route.Name, CollectionOf(cleanup), newId,
                ItemUrl(cleanup.Path, values, newId), Tag, DeleteMethod: cleanup.Method, ReadBackUrl: ItemUrl(cleanup.ReadBack, values, newId),
                FoundBy: route.CreatedIdFromLocation ? "the Location header of its answer" : $"{route.CreatedIdPointer} of its answer"));
        return new CreatedResult(result, created);
    }

    /// <summary>The collection a cleanup template's item belongs to: its path before <c>{id}</c> ("/api/gastos").</summary>
    public static string CollectionOf(CleanupTemplate cleanup)
    {
        var path = cleanup.Path.Split('?')[0];
        var at = path.IndexOf("{id}", StringComparison.Ordinal);
        return (at < 0 ? path : path[..at]).TrimEnd('/');
    }

    private Uri ItemUrl(string template, RouteValues values, string id) => _options.Api(values.Path(template, new RequestValues(0, "", id)));

    /// <summary>A request of the cleanup (its DELETE or read-back) with the load's credentials.</summary>
    public ExchangeRequest RequestFor(string method, Uri url) =>
        new(method, url, _token is null ? [] : [new HttpHeader("Authorization", "Bearer " + _token)]);

    /// <summary>Removes one created item with the route's cleanup template.</summary>
    public async ValueTask<StepResult> CleanupAsync(string step, CriticalRoute route, RouteValues values, string id, CancellationToken ct)
    {
        var cleanup = route.Cleanup ?? throw new ArgumentException($"route {route.Name} has no cleanup", nameof(route));
        var url = ItemUrl(cleanup.Path, values, id);
        var started = DateTimeOffset.UtcNow;
        var result = await SendAsync(step, new HttpMethod(cleanup.Method), url, null, cleanup.Expect, ct, null).ConfigureAwait(false);
        // Only the status is kept: the cleanup reads the item back whatever this delete answered.
        if (result.IsOk)
            Ledger.MarkDeletedByRun(CollectionOf(cleanup), id, new HttpExchange(RequestFor(cleanup.Method, url),
                new ExchangeResponse(result.StatusCode, "", "", [], "", 0), TimeSpan.Zero, started));
        return result;
    }

    /// <summary>The id a Location header names: its last path segment (absolute or relative URL).</summary>
    internal static string? LastSegment(Uri location)
    {
        var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?', '#')[0];
        var segment = path.TrimEnd('/').Split('/').LastOrDefault();
        return string.IsNullOrWhiteSpace(segment) ? null : Uri.UnescapeDataString(segment);
    }

    private HttpRequestMessage NewRequest(HttpMethod method, Uri url, bool authenticated, string? body)
    {
        var request = new HttpRequestMessage(method, url);
        if (authenticated && _token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return request;
    }

    private async ValueTask<StepResult> SendAsync(string step, HttpMethod method, Uri url, string? body, IReadOnlyList<int> expected,
        CancellationToken ct, Action<HttpResponseMessage, string>? readOkBody, bool authenticated = true, string? evidenceBody = null)
    {
        if (_policy.RefusalFor(url) is { } refusal) return StepResult.Fail("refused: " + refusal);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        return await _client.SendAsync(NewRequest(method, url, authenticated, body), expected, async (response, ok, token) =>
        {
            var status = (int)response.StatusCode;
            if (ok)
            {
                if (readOkBody is null)
                    return StepResult.Ok(status, await HttpLoadClient.DrainAsync(response.Content, token).ConfigureAwait(false));
                var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
                try { readOkBody(response, text); }
                catch (JsonException) { return StepResult.Fail("response body is not JSON", status, text.Length); }
                return StepResult.Ok(status, text.Length);
            }
            var failedBody = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
            _failures?.Record(step, new HttpExchange(
                Request(method, url, authenticated, evidenceBody ?? body),
                new ExchangeResponse(status, response.ReasonPhrase ?? "", response.Version.ToString(),
                    response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => new HttpHeader(h.Key, v))).ToList(),
                    failedBody.Length > FailureBodyChars ? failedBody[..FailureBodyChars] : failedBody, failedBody.Length),
                clock.Elapsed, started));
            return StepResult.Fail($"status {status}", status, failedBody.Length);
        }, exception =>
        {
            var reason = exception is OperationCanceledException ? $"timeout after {_options.RequestTimeout.TotalSeconds:0} s" : ExchangeClient.Describe(exception) ?? exception.GetType().Name;
            _failures?.Record(step, new HttpExchange(Request(method, url, authenticated, evidenceBody ?? body), null, clock.Elapsed, started, reason));
        }, ct).ConfigureAwait(false);
    }

    private ExchangeRequest Request(HttpMethod method, Uri url, bool authenticated, string? body) => new(
        method.Method, url,
        authenticated && _token is not null ? [new HttpHeader("Authorization", "Bearer " + _token)] : [],
        body, body is null ? null : "application/json");

    /// <summary>The number of <c>{n}</c>: one counter for the whole run, priming included.</summary>
    private sealed class RequestCounter
    {
        private long _last;

        public long Next() => Interlocked.Increment(ref _last);
    }
}

/// <summary>The result of a step that creates an item, and the id of what it created (null when the answer did not name one).</summary>
public readonly record struct CreatedResult(StepResult Result, string? CreatedId);
