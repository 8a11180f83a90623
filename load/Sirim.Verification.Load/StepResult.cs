namespace Sirim.Verification.Load;

/// <summary>
/// What one step (one request) produced. A struct on purpose: one is created per request on the hot path.
/// </summary>
/// <param name="IsOk">Whether the step succeeded.</param>
/// <param name="StatusCode">HTTP status code, or 0 when there was no response (transport error, timeout, non-HTTP step).</param>
/// <param name="Bytes">Response body bytes received.</param>
/// <param name="Error">Short failure reason ("status 500", "timeout", "transport: ConnectionError"), or null when ok.</param>
public readonly record struct StepResult(bool IsOk, int StatusCode, long Bytes, string? Error)
{
    /// <summary>A successful step.</summary>
    public static StepResult Ok(int statusCode = 0, long bytes = 0) => new(true, statusCode, bytes, null);

    /// <summary>A failed step with a short reason; keep reasons low-cardinality (they are counted by text).</summary>
    public static StepResult Fail(string error, int statusCode = 0, long bytes = 0) => new(false, statusCode, bytes, error);
}
