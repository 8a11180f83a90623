namespace Sirim.Verification.Load.Http;

/// <summary>Settings of the shared HTTP client used by load steps.</summary>
public sealed record HttpLoadClientOptions
{
    /// <summary>Connection pool bound per server (the same count wrk and hey are given in benchmarks).</summary>
    public int MaxConnectionsPerServer { get; init; } = 100;

    /// <summary>Whole-request timeout: until the last body byte is read. A timeout is a failed step ("timeout").</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>TCP connect timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a pooled connection is reused before it is replaced (picks up DNS changes during long runs).</summary>
    public TimeSpan PooledConnectionLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Accepts any server certificate (a test deployment with a self-signed certificate); off by default.</summary>
    public bool AcceptAnyServerCertificate { get; init; }

    /// <summary>Headers sent with every request (e.g. Accept). Secrets belong in per-request headers built from environment variables.</summary>
    public IReadOnlyDictionary<string, string> DefaultHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>Every problem of these settings.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxConnectionsPerServer <= 0)
        {
            errors.Add($"http: max connections per server is {MaxConnectionsPerServer}; it must be greater than zero");
        }

        if (RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add($"http: request timeout is {RequestTimeout}; it must be greater than zero");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"http: connect timeout is {ConnectTimeout}; it must be greater than zero");
        }

        if (PooledConnectionLifetime <= TimeSpan.Zero)
        {
            errors.Add($"http: pooled connection lifetime is {PooledConnectionLifetime}; it must be greater than zero");
        }

        return errors;
    }
}
