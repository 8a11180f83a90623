using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Core.Http;

/// <summary>
/// The first request of a run: can the target be reached at all? When it cannot, every gate fails at once with this
/// reason instead of each one waiting for its own timeouts. The probe is the liveness route (livenessPath): it has no
/// dependencies, so any answer means the API process is there.
/// </summary>
public static class Reachability
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    /// <returns>null when the API answered anything over HTTP; otherwise the reason, naming the URL.</returns>
    public static async Task<string?> ProbeAsync(TargetOptions options, CancellationToken ct)
    {
        using var client = new ExchangeClient(ProbeTimeout, options.TlsSkipVerify);
        var exchange = await client.GetAsync(options.Api(options.Health.Liveness), ct).ConfigureAwait(false);
        return exchange.Response is null
            ? $"the target is unreachable: GET {exchange.Request.Url} → no response: {exchange.TransportError} (after {exchange.Elapsed.TotalSeconds:0.0} s). " +
              "Check apiBaseUrl (SIRIM_API_URL), that the deployment is up, and the network path from this machine."
            : null;
    }
}
