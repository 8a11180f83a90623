using System.Collections.Concurrent;
using System.Net;

namespace Sirim.ReferenceTarget.Auth;

/// <summary>
/// Brute-force protection for POST /api/auth/login (OWASP Authentication Cheat Sheet): a fixed window per client
/// IP that opens at the first failed login; after <c>limit</c> failures inside the window every further login
/// from that IP is refused with 429 until the window ends. Successful logins and other routes are never counted.
/// Memory is bounded: expired windows are pruned and at most <see cref="MaxTrackedClients"/> IPs are tracked.
/// </summary>
public sealed class LoginThrottle(int limit, TimeSpan window, TimeProvider clock)
{
    public const int MaxTrackedClients = 10_000;

    private readonly ConcurrentDictionary<IPAddress, Window> _windows = new();

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start = start;
        public int Failures;
    }

    /// <summary>When the IP is blocked, the time until its window ends; otherwise null.</summary>
    public TimeSpan? RetryAfter(IPAddress client)
    {
        if (!_windows.TryGetValue(client, out var w)) return null;
        lock (w)
        {
            var remaining = w.Start + window - clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero) return null;
            return w.Failures >= limit ? remaining : null;
        }
    }

    /// <summary>Forgets every client's failures (a seeded defect switched while running starts from a clean slate, as after a restart).</summary>
    public void Reset() => _windows.Clear();

    public void RecordFailure(IPAddress client)
    {
        var now = clock.GetUtcNow();
        if (!_windows.ContainsKey(client) && _windows.Count >= MaxTrackedClients)
        {
            Prune(now);
            // Still full: the newcomer is not tracked rather than evicting a client that is being limited.
            if (_windows.Count >= MaxTrackedClients) return;
        }
        var w = _windows.GetOrAdd(client, _ => new Window(now));
        lock (w)
        {
            if (now >= w.Start + window)
            {
                w.Start = now;
                w.Failures = 0;
            }
            w.Failures++;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (ip, w) in _windows)
        {
            bool expired;
            lock (w) expired = now >= w.Start + window;
            if (expired) _windows.TryRemove(new KeyValuePair<IPAddress, Window>(ip, w));
        }
    }
}
