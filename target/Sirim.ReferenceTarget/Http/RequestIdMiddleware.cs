namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// Gives every request an id and returns it in <c>X-Request-Id</c> on every response (errors included).
/// An incoming id is echoed when it is a sane token (1–64 of A–Z a–z 0–9 . _ : -); anything else is
/// replaced by a new GUID so a client cannot inject arbitrary text into logs or headers.
/// </summary>
public sealed class RequestIdMiddleware(RequestDelegate next, Defects.ActiveDefects defects)
{
    public const string HeaderName = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        // SEEDED DEFECT contracts_version_no_request_id: GET /api/version goes without its id.
        if (defects.Is(Defects.DefectIds.VersionNoRequestId) && context.Request.Path == "/api/version") return next(context);
        var incoming = context.Request.Headers[HeaderName];
        // SEEDED DEFECT request_id_not_echoed: the client's id is thrown away and a fresh one answered every time.
        context.TraceIdentifier = incoming.Count == 1 && IsSane(incoming[0]) && !defects.Is(Defects.DefectIds.RequestIdNotEchoed)
            ? incoming[0]! : Guid.NewGuid().ToString();
        // Set when the response starts: the exception handler clears headers set earlier.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[HeaderName] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    public static bool IsSane(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');
}
