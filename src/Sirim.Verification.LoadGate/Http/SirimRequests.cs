using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Load;
using Sirim.Verification.Load.Safety;

namespace Sirim.Verification.LoadGate.Http;

/// <summary>
/// The SIRIM requests the load sends, over one shared connection pool: an authenticated GET, a login, and a write that
/// creates a gasto tagged with the run id and deletes it again. Every request is checked against the load safety policy
/// first (a host that is not allowed is refused without any network activity). Successful bodies are only counted;
/// failed ones are read (first 4 KB) so the evidence can show what the target answered and pool exhaustion is recognised.
/// </summary>
public sealed class SirimRequests : IDisposable
{
    private const int FailureBodyChars = 4096;
    private readonly HttpClient _http;
    private readonly LoadSafetyPolicy _policy;
    private readonly TargetOptions _options;
    private readonly string _runId;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _undeleted = new();
    /// <summary>Ids whose DELETE answered 204 and that have not been found still present.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _reportedDeleted = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte> _stillPresent = new();
    private long _inFlight;
    private long _maxInFlight;
    private long _created;
    private long _verified;

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

    public long Created => Interlocked.Read(ref _created);
    public long Deleted => _reportedDeleted.Count;

    /// <summary>Ids of gastos this run created and could not delete yet (including those whose delete did not take effect).</summary>
    public IReadOnlyList<long> Undeleted => _undeleted.Keys.Order().ToList();

    /// <summary>Ids whose DELETE answered 204 but which the API still serves afterwards (found by <see cref="VerifyDeletedAsync"/>).</summary>
    public IReadOnlyList<long> StillPresent => _stillPresent.Keys.Order().ToList();

    /// <summary>How many deletions <see cref="VerifyDeletedAsync"/> checked.</summary>
    public long DeletionsVerified => Interlocked.Read(ref _verified);

    /// <summary>The text every gasto created by this run carries (concepto and referencia), so leftovers can be found.</summary>
    public string Tag => "sirim-verification load " + _runId;

    public ValueTask<StepResult> GetAsync(string step, Uri url, CancellationToken ct) =>
        SendAsync(step, HttpMethod.Get, url, null, [200], ct, null);

    public ValueTask<StepResult> LoginAsync(string step, CancellationToken ct)
    {
        // The same body as every other login of the suite (loginBody); the evidence shows it with the password masked.
        var auth = _options.Auth;
        var body = auth.LoginBody.Render(auth.Username ?? "", auth.Password ?? "");
        return SendAsync(step, HttpMethod.Post, _options.Api(auth.LoginPath), body, [200], ct, null, authenticated: false,
            evidenceBody: auth.LoginBody.Render(auth.Username ?? "", Redactor.Mask));
    }

    /// <summary>Creates a gasto tagged with the run id; returns its id through <paramref name="created"/>.</summary>
    public async ValueTask<StepResult> CreateGastoAsync(string step, Uri url, int empresaId, Holder<long?> created, CancellationToken ct)
    {
        var referencia = _runId.Length > 50 ? _runId[..50] : _runId;
        var body = JsonSerializer.Serialize(new
        {
            empresaId,
            fecha = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            concepto = Tag,
            monto = 1.00m,
            categoria = "otros",
            referencia,
        });
        var result = await SendAsync(step, HttpMethod.Post, url, body, [201], ct, text =>
        {
            using var doc = JsonDocument.Parse(text);
            created.Value = doc.RootElement.TryGetProperty("id", out var id) && id.TryGetInt64(out var value) ? value : null;
        }).ConfigureAwait(false);
        if (result.IsOk && created.Value is null) return StepResult.Fail("created gasto has no id", result.StatusCode, result.Bytes);
        if (created.Value is { } newId)
        {
            Interlocked.Increment(ref _created);
            _undeleted.TryAdd(newId, 0);
        }
        return result;
    }

    public async ValueTask<StepResult> DeleteGastoAsync(string step, Uri collection, long id, CancellationToken ct)
    {
        var result = await SendAsync(step, HttpMethod.Delete, ItemUrl(collection, id), null, [204], ct, null).ConfigureAwait(false);
        if (result.IsOk && _undeleted.TryRemove(id, out _)) _reportedDeleted.TryAdd(id, 0);
        return result;
    }

    /// <summary>
    /// Trusts no 204: reads back (GET) up to <paramref name="max"/> gastos whose DELETE answered 204, a few at a time. One
    /// that still answers 200 was not deleted: it goes back to the leftovers. Stops quietly when <paramref name="ct"/> fires
    /// (the ids not read back are simply not verified); any answer other than 200 or 404 leaves the id unverified.
    /// </summary>
    public async Task VerifyDeletedAsync(Uri collection, int max, CancellationToken ct)
    {
        var ids = _reportedDeleted.Keys.Order().Take(max).ToList();
        var next = -1;
        async Task WorkerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ids.Count && !ct.IsCancellationRequested)
            {
                var id = ids[i];
                var url = ItemUrl(collection, id);
                if (_policy.RefusalFor(url) is not null) return;
                using var request = NewRequest(HttpMethod.Get, url, authenticated: true);
                try
                {
                    using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                    if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.NotFound)) continue;
                    Interlocked.Increment(ref _verified);
                    if (response.StatusCode != HttpStatusCode.OK || !_reportedDeleted.TryRemove(id, out _)) continue;
                    _stillPresent.TryAdd(id, 0);
                    _undeleted.TryAdd(id, 0);
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
                {
                    if (ct.IsCancellationRequested) return;
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => WorkerAsync())).ConfigureAwait(false);
    }

    private static Uri ItemUrl(Uri collection, long id) =>
        new(collection.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + id.ToString(CultureInfo.InvariantCulture));

    private HttpRequestMessage NewRequest(HttpMethod method, Uri url, bool authenticated)
    {
        var request = new HttpRequestMessage(method, url);
        if (authenticated && Token is not null) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Token);
        return request;
    }

    private async ValueTask<StepResult> SendAsync(string step, HttpMethod method, Uri url, string? body, int[] expected,
        CancellationToken ct, Action<string>? readOkBody, bool authenticated = true, string? evidenceBody = null)
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
                    try { readOkBody(text); }
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

/// <summary>A mutable holder for one value handed out of a step (the id of the gasto just created).</summary>
public sealed class Holder<T>
{
    public T? Value { get; set; }
}
