using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sirim.Verification.Cli.Tests;

/// <summary>
/// A target that accepts TCP connections on loopback and never answers — a deadlocked server behind an open port. With
/// <c>answerFirst</c> it answers the first <c>answerFirst</c> requests with 200 <c>{"status":"ok"}</c> (the run's
/// reachability probe gets through) and hangs from then on. Disposing closes every connection.
/// </summary>
public sealed class HangingTarget : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = [];
    private readonly Task _accepting;
    private readonly int _answerFirst;
    private int _requests;

    public HangingTarget(int answerFirst = 0)
    {
        _answerFirst = answerFirst;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Requests received so far (answered or held).</summary>
    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_held) _held.Add(client);
                _ = ServeAsync(client);
            }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var buffer = new byte[8192];
            var head = new StringBuilder();
            // Reads until the end of the request head; bodies of the suite's requests are small and ignored.
            while (!head.ToString().Contains("\r\n\r\n"))
            {
                var n = await stream.ReadAsync(buffer, _stop.Token);
                if (n == 0) return;
                head.Append(Encoding.ASCII.GetString(buffer, 0, n));
            }
            if (Interlocked.Increment(ref _requests) > _answerFirst) return; // held open, never answered
            var body = "{\"status\":\"ok\"}";
            var answer = $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
            client.Close();
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
        catch (ObjectDisposedException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_held) foreach (var c in _held) c.Dispose();
        _stop.Dispose();
    }
}
