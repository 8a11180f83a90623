using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load;
using Sirim.Verification.Load.Safety;
using Sirim.Verification.LoadGate.Checks;
using Sirim.Verification.LoadGate.Routes;

namespace Sirim.Verification.LoadGate.Http;

/// <summary>
/// The SIRIM requests the load sends, over one shared connection pool: the critical routes' templates filled for each
/// request, a login, and for a route that creates something the cleanup of what it created (tagged with the run id
/// when its body uses {tag} or {runId}). Every created item is registered in the run's <see cref="CleanupLedger"/>
/// with the route that created it, and every delete the load itself sent is noted there; the Core cleanup runner
/// reads each one back after the load (a 204 proves nothing if the row stays). Every request is checked against the load safety policy first (a host that
/// is not allowed is refused without any network activity). Successful bodies are only counted (or read for the
/// created id); failed ones are read (first 4 KB) so the evidence can show what the target answered and pool
/// exhaustion is recognised.
/// </summary>
public sealed class SirimRequests : IDisposable
{
    private const int FailureBodyChars = 4096;
    private readonly HttpClient _http;
    private readonly LoadSafetyPolicy _policy;
    private readonly TargetOptions _options;
    private readonly string _runId;
    private long _inFlight;
    private long _maxInFlight;
    private long _requestNumber;

    public SirimRequests(TargetOptions options, LoadSafetyPolicy policy, int maxConnections, FailureLog failures)
    {
        _options = options;
        _policy = policy;
        _runId = options.RunId;
        Failures = failures;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, maxConnections),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        if (options.TlsSkipVerify) handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        _http = new HttpClient(handler) { Timeout = options.RequestTimeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(ExchangeClient.UserAgent + " (load)");
    }

    /// <summary>Bearer token used by every authenticated request (set once before the load).</summary>
    public string? Token { get; set; }

    public FailureLog Failures { get; }

    /// <summary>False while priming: failed responses are not logged as failures of the load.</summary>
    public bool Recording { get; set; } = true;

    /// <summary>Requests in flight right now, and the most seen at once (the concurrency the pool proof needs).</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);
    public long MaxInFlight => Interlocked.Read(ref _maxInFlight);

    /// <summary>Everything the routes created, with the request that created it, and the deletes the load sent itself.</summary>
    public CleanupLedger Ledger { get; } = new();

    /// <summary>The text of <c>{tag}</c>, which the test data of this run carries, so leftovers can be found.</summary>
    public string Tag => RouteValues.TagFor(_runId);

    /// <summary>The values of the next templated request: <c>{n}</c> counts from 1 over the whole run, <c>{uuid}</c> is fresh.</summary>
    public RequestValues NextRequest() => RequestValues.For(Interlocked.Increment(ref _requestNumber));

    public ValueTask<StepResult> LoginAsync(string step, CancellationToken ct)
    {
        // The same body as every other login of the suite (loginBody); the evidence shows it with the password masked.
        var auth = _options.Auth;
        var body = auth.LoginBody.Render(auth.Username ?? "", auth.Password ?? "");
        return SendAsync(step, HttpMethod.Post, _options.Api(auth.LoginPath), body, [200], ct, null, authenticated: false,
            evidenceBody: auth.LoginBody.Render(auth.Username ?? "", Redactor.Mask));
    }

    /// <summary>
    /// Sends one request of <paramref name="route"/>'s template. For a route with a cleanup, the created id (JSON
    /// Pointer into the answer, or the Location header) is handed out through <paramref name="created"/> and tracked
    /// until the cleanup removes it; an answer without it fails the step.
    /// </summary>
    public async ValueTask<StepResult> SendRouteAsync(string step, CriticalRoute route, RouteValues values, RequestValues request,
        Holder<string?>? created, CancellationToken ct)
    {
        var url = _options.Api(values.Path(route.Path!, request));
        var body = values.Body(route, request);
        if (route.Cleanup is null || created is null)
            return await SendAsync(step, new HttpMethod(route.Method), url, body, route.Expect, ct, null).ConfigureAwait(false);

        var result = await SendAsync(step, new HttpMethod(route.Method), url, body, route.Expect, ct, (response, text) =>
        {
            if (route.CreatedIdFromLocation)
            {
                created.Value = response.Headers.Location is { } location ? LastSegment(location) : null;
                return;
            }
            using var doc = JsonDocument.Parse(text);
            created.Value = JsonPointers.Id(doc.RootElement, route.CreatedIdPointer!);
        }).ConfigureAwait(false);
        if (result.StatusCode is >= 200 and < 300 && created.Value is null)
        {
            // Something may have been created that the run cannot find again: accounted for, never dropped (one entry per route).
            var where = route.CreatedIdFromLocation ? "no Location header" : $"no id at {route.CreatedIdPointer}";
            Ledger.Register(new TrackedResource(LoadGateNames.Load, route.Method, route.Path!, route.Name, CollectionOf(route.Cleanup), null, null, Tag,
                $"its {result.StatusCode} answer had {where}{(result.IsOk ? "" : $" ({result.Error})")}; look for '{Tag}' by hand"));
        }
        if (result.IsOk && created.Value is null)
            return StepResult.Fail(route.CreatedIdFromLocation ? "created item has no Location" : $"created item has no id at {route.CreatedIdPointer}", result.StatusCode, result.Bytes);
        if (created.Value is { } newId)
            Ledger.Register(new TrackedResource(LoadGateNames.Load, route.Method, route.Path!, route.Name, CollectionOf(route.Cleanup), newId,
                ItemUrl(route.Cleanup.Path, values, newId), Tag, DeleteMethod: route.Cleanup.Method, ReadBackUrl: ItemUrl(route.Cleanup.ReadBack, values, newId),
                FoundBy: route.CreatedIdFromLocation ? "the Location header of its answer" : $"{route.CreatedIdPointer} of its answer"));
        return result;
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
        new(method, url, Token is null ? [] : [new HttpHeader("Authorization", "Bearer " + Token)]);

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

    private HttpRequestMessage NewRequest(HttpMethod method, Uri url, bool authenticated)
    {
        var request = new HttpRequestMessage(method, url);
        if (authenticated && Token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Token);
        return request;
    }

    private async ValueTask<StepResult> SendAsync(string step, HttpMethod method, Uri url, string? body, IReadOnlyList<int> expected,
        CancellationToken ct, Action<HttpResponseMessage, string>? readOkBody, bool authenticated = true, string? evidenceBody = null)
    {
        if (_policy.RefusalFor(url) is { } refusal) return StepResult.Fail("refused: " + refusal);
        using var request = NewRequest(method, url, authenticated);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var now = Interlocked.Increment(ref _inFlight);
        long seen;
        while (now > (seen = Interlocked.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen) { }
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (expected.Contains(status))
            {
                if (readOkBody is not null)
                {
                    var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                    try { readOkBody(response, text); }
                    catch (JsonException) { return StepResult.Fail("response body is not JSON", status, text.Length); }
                    return StepResult.Ok(status, text.Length);
                }
                await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(8192);
                try
                {
                    long bytes = 0;
                    int read;
                    while ((read = await stream.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0) bytes += read;
                    return StepResult.Ok(status, bytes);
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            var failedBody = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (Recording) Failures.Record(step, new HttpExchange(
                Request(method, url, authenticated, evidenceBody ?? body),
                new ExchangeResponse(status, response.ReasonPhrase ?? "", response.Version.ToString(),
                    response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => new HttpHeader(h.Key, v))).ToList(),
                    failedBody.Length > FailureBodyChars ? failedBody[..FailureBodyChars] : failedBody, failedBody.Length),
                clock.Elapsed, started));
            return StepResult.Fail($"status {status}", status, failedBody.Length);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            var reason = ex is OperationCanceledException ? $"timeout after {_options.RequestTimeout.TotalSeconds:0} s" : ExchangeClient.Describe(ex) ?? ex.GetType().Name;
            if (Recording) Failures.Record(step, new HttpExchange(Request(method, url, authenticated, evidenceBody ?? body), null, clock.Elapsed, started, reason));
            return StepResult.Fail(ex is OperationCanceledException ? "timeout" : "transport: " + (ex is HttpRequestException h ? h.HttpRequestError.ToString() : "io"));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private ExchangeRequest Request(HttpMethod method, Uri url, bool authenticated, string? body) => new(
        method.Method, url,
        authenticated && Token is not null ? [new HttpHeader("Authorization", "Bearer " + Token)] : [],
        body, body is null ? null : "application/json");

    public void Dispose() => _http.Dispose();
}

/// <summary>A mutable holder for one value handed out of a step (the id of the item just created).</summary>
public sealed class Holder<T>
{
    public T? Value { get; set; }
}
