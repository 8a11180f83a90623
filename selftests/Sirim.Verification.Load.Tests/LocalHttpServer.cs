using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sirim.Verification.Load.Tests;

/// <summary>A tiny Kestrel server on 127.0.0.1 (free port) that counts every request it receives.</summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestCounter _counter;

    private LocalHttpServer(WebApplication app, RequestCounter counter, Uri baseUrl)
    {
        _app = app;
        _counter = counter;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int Requests => _counter.Count;

    /// <summary>Requests whose query string contains <paramref name="tag"/> (isolates one test from late requests of another).</summary>
    public int RequestsTagged(string tag) => _counter.Tagged(tag);

    public Uri Url(string path) => new(BaseUrl, path);

    public static async Task<LocalHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var counter = new RequestCounter();
        app.Use(async (context, next) =>
        {
            counter.Increment(context.Request.QueryString.Value);
            await next(context);
        });
        app.MapGet("/ok", () => "hello");
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/slow", async (HttpContext context) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            return "late";
        });
        using var start = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(start.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LocalHttpServer(app, counter, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private sealed class RequestCounter
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _byQuery = new();
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public int Tagged(string tag) => _byQuery.Where(e => e.Key.Contains(tag, StringComparison.Ordinal)).Sum(e => e.Value);

        public void Increment(string? query)
        {
            Interlocked.Increment(ref _count);
            _byQuery.AddOrUpdate(query ?? string.Empty, 1, (_, n) => n + 1);
        }
    }
}
