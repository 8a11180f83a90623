using System.Diagnostics;
using System.Net;
using RestSharp;

namespace Sirim.Verification.Core.Http;

/// <summary>
/// Sends requests and captures them as <see cref="HttpExchange"/> records: it never throws for HTTP statuses or
/// transport failures (those are facts to judge, not exceptions), never follows redirects (a redirect is evidence),
/// and bounds every request by a timeout.
/// </summary>
public sealed class ExchangeClient : IDisposable
{
    public const string UserAgent = "Sirim.Verification/1.0";

    private static readonly Dictionary<string, Method> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GET"] = Method.Get, ["POST"] = Method.Post, ["PUT"] = Method.Put, ["DELETE"] = Method.Delete,
        ["HEAD"] = Method.Head, ["OPTIONS"] = Method.Options, ["PATCH"] = Method.Patch, ["SEARCH"] = Method.Search,
        ["COPY"] = Method.Copy, ["MERGE"] = Method.Merge,
    };

    private readonly RestClient _client;
    private readonly TimeSpan _timeout;

    /// <param name="configureHandler">Wraps the HTTP message handler (RestSharp's <c>ConfigureMessageHandler</c>): e.g. a
    /// handler that observes every request; null keeps the default.</param>
    public ExchangeClient(TimeSpan timeout, bool skipTlsVerify = false, Func<HttpMessageHandler, HttpMessageHandler>? configureHandler = null)
    {
        _timeout = timeout;
        var options = new RestClientOptions
        {
            FollowRedirects = false,
            Timeout = timeout,
            ThrowOnAnyError = false,
            UserAgent = UserAgent,
            AutomaticDecompression = DecompressionMethods.All,
            // Every HTTP answer is a completed exchange to judge; only transport failures are errors.
            CalculateResponseStatus = _ => ResponseStatus.Completed,
        };
        if (skipTlsVerify) options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        if (configureHandler is not null) options.ConfigureMessageHandler = configureHandler;
        _client = new RestClient(options);
    }

    public static IReadOnlyCollection<string> SupportedMethods => Methods.Keys;

    public Task<HttpExchange> GetAsync(Uri url, CancellationToken ct, params HttpHeader[] headers) =>
        SendAsync(new ExchangeRequest("GET", url, headers), ct);

    public async Task<HttpExchange> SendAsync(ExchangeRequest request, CancellationToken ct)
    {
        if (!Methods.TryGetValue(request.Method, out var method))
            throw new ArgumentException($"HTTP method '{request.Method}' is not supported; supported: {string.Join(", ", Methods.Keys)}.");

        // Record exactly what is sent: explicit Accept and User-Agent unless the caller chose them.
        var headers = request.Headers.ToList();
        if (request.Header("Accept") is null) headers.Add(new HttpHeader("Accept", "application/json"));
        if (request.Header("User-Agent") is null) headers.Insert(0, new HttpHeader("User-Agent", UserAgent));
        if (request.Body is not null && request.ContentType is not null && request.Header("Content-Type") is null)
            headers.Add(new HttpHeader("Content-Type", request.ContentType));
        var sent = request with { Headers = headers };

        var rest = new RestRequest(request.Url, method);
        foreach (var h in headers.Where(h => !h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            rest.AddOrUpdateHeader(h.Name, h.Value);
        if (request.Body is not null)
            rest.AddStringBody(request.Body, sent.Header("Content-Type") ?? "application/octet-stream");

        var started = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        RestResponse response;
        try
        {
            response = await _client.ExecuteAsync(rest, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return new HttpExchange(sent, null, watch.Elapsed, started, Describe(ex));
        }
        watch.Stop();

        if (response.ResponseStatus != ResponseStatus.Completed || response.StatusCode == 0)
        {
            var reason = response.ResponseStatus == ResponseStatus.TimedOut
                ? $"timed out after {_timeout.TotalSeconds:0.#} s"
                : Describe(response.ErrorException) ?? response.ErrorMessage ?? response.ResponseStatus.ToString();
            return new HttpExchange(sent, null, watch.Elapsed, started, reason);
        }

        var responseHeaders = (response.Headers ?? [])
            .Concat(response.ContentHeaders ?? [])
            .Select(h => new HttpHeader(h.Name ?? "", h.Value ?? ""))
            .ToList();
        var version = response.Version is { } v ? (v.Minor == 0 && v.Major >= 2 ? v.Major.ToString() : $"{v.Major}.{v.Minor}") : "1.1";
        return new HttpExchange(sent,
            new ExchangeResponse((int)response.StatusCode, response.StatusDescription ?? "", version, responseHeaders,
                response.Content ?? "", response.RawBytes?.LongLength ?? 0),
            watch.Elapsed, started);
    }

    /// <summary>The innermost useful reason of a transport failure, in one line (never a stack trace).</summary>
    public static string? Describe(Exception? ex)
    {
        if (ex is null) return null;
        var parts = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
            if (!string.IsNullOrWhiteSpace(e.Message) && !parts.Contains(e.Message)) parts.Add(e.Message.Trim());
        return string.Join(" → ", parts);
    }

    public void Dispose() => _client.Dispose();
}
