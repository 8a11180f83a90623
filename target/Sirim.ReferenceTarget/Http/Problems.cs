using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// RFC 9457 problem details: the one error shape of every response with status ≥ 400, on both origins.
/// Every problem carries type, title, status, detail, instance (the request path) and requestId
/// (the X-Request-Id of the response), plus <c>errors</c> (field → messages) for 422.
/// </summary>
public static class Problems
{
    /// <summary>The type URI per status: the RFC section that defines the status code.</summary>
    public static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        500 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "about:blank",
    };

    public static string TitleFor(int status) =>
        ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    /// <summary>Detail used when the code that produced the status did not say more.</summary>
    public static string DefaultDetail(int status) => status switch
    {
        400 => "The request is malformed.",
        401 => "Authentication is required: send 'Authorization: Bearer <token>' obtained from POST /api/auth/login.",
        403 => "You are not allowed to perform this operation.",
        404 => "No resource exists at this path.",
        405 => "This method is not allowed on this path; see the Allow header.",
        413 => "The request body is larger than the allowed limit.",
        415 => "The request body must be JSON (Content-Type: application/json).",
        422 => "The request is well-formed but its values are invalid.",
        429 => "Too many requests; retry after the number of seconds in Retry-After.",
        500 => "An unexpected error occurred. Quote the requestId when reporting it.",
        503 => "The service is temporarily unavailable; retry later.",
        _ => TitleFor(status) + ".",
    };

    /// <summary>A problem result for endpoint handlers; the shared writer fills type, title, instance and requestId.</summary>
    public static IResult Result(int status, string? detail = null) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Detail = detail ?? DefaultDetail(status) });

    /// <summary>422 with the messages per field (camelCase field names, as in the request body).</summary>
    public static IResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Detail = detail ?? "One or more fields are invalid; see errors.",
        });

    /// <summary>Writes a problem directly (middleware paths that run outside endpoint results).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string? detail = null)
    {
        context.Response.StatusCode = status;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail ?? DefaultDetail(status) },
        });
    }
}
