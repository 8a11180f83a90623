namespace Sirim.Verification.E2E.Flows;

/// <summary>A console message the page logged (type error, warning, …) and where.</summary>
public sealed record ConsoleEntry(string Type, string Text, string? Location, TimeSpan At);

/// <summary>An uncaught exception in the page (window 'error' / unhandled rejection as Playwright reports it).</summary>
public sealed record PageErrorEntry(string Message, string? Stack, TimeSpan At);

/// <summary>A Content-Security-Policy violation (the browser's securitypolicyviolation event, or its console report).</summary>
public sealed record CspViolation(string Directive, string BlockedUri, string? SourceFile, TimeSpan At);

/// <summary>A request that got no response at all (DNS, refused, blocked, aborted).</summary>
public sealed record FailedRequest(string Method, string Url, string ResourceType, string Failure, TimeSpan At);

/// <summary>
/// One call the page made to an API (fetch/XHR): method, URL, status and how long. <see cref="ExpectedStatuses"/> is set
/// when the flow step that caused it expects a non-2xx answer (e.g. 401 for a wrong password); <see cref="Failure"/> is
/// the browser's reason when the call got no response at all (net::ERR_CONNECTION_REFUSED, net::ERR_EMPTY_RESPONSE).
/// </summary>
public sealed record ApiCall(string Method, string Url, int? Status, string ResourceType, TimeSpan At, double? DurationMs,
    IReadOnlyList<int>? ExpectedStatuses = null, string? Failure = null)
{
    public string Origin => Uri.TryCreate(Url, UriKind.Absolute, out var u) ? E2EOptions.Origin(u) : Url;
    public string PathAndQuery => Uri.TryCreate(Url, UriKind.Absolute, out var u) ? u.PathAndQuery : Url;
    public string Subject => $"{Method} {PathAndQuery}";
}

/// <summary>Everything the browser reported during one flow attempt; the guards judge it after the flow's own steps.</summary>
public sealed record FlowObservation(
    string Flow,
    IReadOnlyList<ConsoleEntry> Console,
    IReadOnlyList<PageErrorEntry> PageErrors,
    IReadOnlyList<CspViolation> CspViolations,
    IReadOnlyList<FailedRequest> FailedRequests,
    IReadOnlyList<ApiCall> ApiCalls,
    string ApiOrigin,
    string FrontendOrigin)
{
    public static FlowObservation Empty(string flow, string apiOrigin, string frontendOrigin) =>
        new(flow, [], [], [], [], [], apiOrigin, frontendOrigin);
}
