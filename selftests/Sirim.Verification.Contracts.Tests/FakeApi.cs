using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Sirim.ReferenceTarget.Hosting;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>One request the fake API received, as it arrived.</summary>
public sealed record FakeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) ? v : null;
}

/// <summary>What the fake API answers.</summary>
public sealed record FakeResponse(int Status, string ContentType, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeResponse Json(string body, int status = 200) => new(status, "application/json", body);

    /// <summary>An RFC 9457 problem with every member the standard error schema requires.</summary>
    public static FakeResponse Problem(int status, string title, string path, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, "application/problem+json",
            $"{{\"type\":\"https://www.rfc-editor.org/rfc/rfc9110\",\"title\":\"{title}\",\"status\":{status},\"detail\":\"{title}\",\"instance\":\"{path}\",\"requestId\":\"fake\"}}",
            headers);
}

/// <summary>
/// An in-process HTTP API on a free loopback port (HttpListener) whose answers a test writes as a function of the
/// request; every request is recorded so a test can assert what the suite sent (credentials, ids). Stopped on dispose.
/// </summary>
public sealed class FakeApi : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<FakeRequest, FakeResponse> _answer;
    private readonly ConcurrentQueue<FakeRequest> _received = new();
    private readonly Task _loop;

    private FakeApi(Func<FakeRequest, FakeResponse> answer)
    {
        _answer = answer;
        var port = ThrowawayPostgres.FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public Uri BaseUrl { get; }

    public IReadOnlyList<FakeRequest> Received => _received.ToList();

    public static FakeApi Start(Func<FakeRequest, FakeResponse> answer) => new(answer);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var request = context.Request;
        var query = (request.QueryString.AllKeys ?? []).OfType<string>().ToDictionary(k => k, k => request.QueryString[k] ?? "");
        var headers = (request.Headers.AllKeys ?? []).OfType<string>()
            .ToDictionary(k => k, k => request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
        var received = new FakeRequest(request.HttpMethod, request.Url!.AbsolutePath, query, headers);
        _received.Enqueue(received);
        FakeResponse answer;
        try { answer = _answer(received); }
        catch (Exception ex) { answer = FakeResponse.Problem(500, "fake API handler failed: " + ex.GetType().Name, received.Path); }
        using var response = context.Response;
        // One connection per request: HttpListener's managed implementation (Linux) can close a kept-alive connection
        // while the client sends its next request on it, which the gate then rightly reports as a dropped request (seen
        // once in a full self-test run: "The response ended prematurely" on a GET). The fake API is about answers, not
        // connection reuse.
        response.KeepAlive = false;
        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        response.Headers["X-Request-Id"] = "fake";
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>()) response.Headers[name] = value;
        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        response.ContentLength64 = bytes.Length;
        try { response.OutputStream.Write(bytes); }
        catch (Exception ex) when (ex is HttpListenerException or IOException) { /* the client gave up (an oversized body refused) */ }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }
}
