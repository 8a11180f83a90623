namespace Sirim.Verification.Load.Safety;

/// <summary>
/// Hard limits a load run must respect, whatever its scenario says. Load is only ever sent to hosts listed in
/// <see cref="AllowedHosts"/> (an explicit list: nothing is allowed by default), and the plan is refused before
/// any traffic when it exceeds a cap. The caps are also enforced while running (duration and iteration count).
/// </summary>
public sealed record LoadSafetyPolicy
{
    /// <summary>Host names or IP literals that may receive load, compared case-insensitively and exactly (no wildcards).</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Longest run allowed, warm-up and graceful stop included; the run is stopped when it is reached.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Highest planned arrival rate (iterations per second) of an open-model profile.</summary>
    public double MaxRatePerSecond { get; init; } = 1000;

    /// <summary>Most virtual users (closed model) or in-flight iterations (open model).</summary>
    public int MaxVirtualUsers { get; init; } = 500;

    /// <summary>Most iterations a run may start; the run stops when it is reached.</summary>
    public long MaxTotalIterations { get; init; } = 5_000_000;

    /// <summary>A policy that allows only loopback hosts (127.0.0.1, ::1, localhost), for self-tests and benchmarks.</summary>
    public static LoadSafetyPolicy LoopbackOnly { get; } = new() { AllowedHosts = ["127.0.0.1", "::1", "localhost"] };

    /// <summary>Whether <paramref name="host"/> may receive load (IPv6 brackets are ignored: "[::1]" matches "::1").</summary>
    public bool IsHostAllowed(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var bare = host.AsSpan().Trim("[]");
        var list = AllowedHosts;
        for (var i = 0; i < list.Count; i++)
        {
            if (bare.Equals(list[i].AsSpan().Trim("[]"), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Why a request to <paramref name="target"/> is refused, or null when it is allowed.</summary>
    public string? RefusalFor(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!target.IsAbsoluteUri)
        {
            return $"target '{target}' is not an absolute URL; load targets must name their host (e.g. http://127.0.0.1:5080/api/gastos)";
        }

        return IsHostAllowed(target.Host)
            ? null
            : $"target host '{target.Host}' is not allowed for load; add it to the allowed hosts of the load safety policy (allowed now: {Describe(AllowedHosts)})";
    }

    /// <summary>Problems of the policy itself (non-positive caps), every one of them.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxDuration <= TimeSpan.Zero)
        {
            errors.Add($"safety: max duration is {MaxDuration}; it must be greater than zero");
        }

        if (!(MaxRatePerSecond > 0))
        {
            errors.Add($"safety: max rate is {MaxRatePerSecond}/s; it must be greater than zero");
        }

        if (MaxVirtualUsers <= 0)
        {
            errors.Add($"safety: max virtual users is {MaxVirtualUsers}; it must be greater than zero");
        }

        if (MaxTotalIterations <= 0)
        {
            errors.Add($"safety: max total iterations is {MaxTotalIterations}; it must be greater than zero");
        }

        for (var i = 0; i < AllowedHosts.Count; i++)
        {
            var host = AllowedHosts[i];
            var isIp = System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _);
            if (string.IsNullOrWhiteSpace(host) || host.Contains('*') || host.Contains('/') || (host.Contains(':') && !isIp))
            {
                errors.Add($"safety: allowed host #{i + 1} '{host}' is not a host name; write exact host names or IPs without scheme, port or wildcards (e.g. 127.0.0.1, api.staging.example)");
            }
        }

        return errors;
    }

    private static string Describe(IReadOnlyList<string> hosts) => hosts.Count == 0 ? "none" : string.Join(", ", hosts);
}
