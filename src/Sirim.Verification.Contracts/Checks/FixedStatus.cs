using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// The negative cases whose status HTTP itself fixes (RFC 9110): <c>auth_required</c> (401 without or with invalid
/// credentials on a secured operation), <c>unsupported_media_type</c> (415), <c>payload_too_large</c> (413) and
/// <c>unknown_route_404</c>; and the stateful pair <c>created_resource_fetchable</c> (200) and <c>deleted_resource_gone</c> (404). One instance per rule; the id says which.
/// </summary>
public sealed class FixedStatus(string id, int status, Severity severity, string hint) : ICheck<CaseExchange>
{
    public static FixedStatus AuthRequired { get; } = new("auth_required", 401, Severity.Critical,
        "A secured operation answered without valid credentials: the route is missing its authorization requirement.");
    public static FixedStatus UnsupportedMediaType { get; } = new("unsupported_media_type", 415, Severity.Medium,
        "A body in an undocumented media type must be refused with 415, not parsed or guessed.");
    public static FixedStatus PayloadTooLarge { get; } = new("payload_too_large", 413, Severity.Medium,
        "A body over the size limit must be refused with 413 before it is read.");
    public static FixedStatus UnknownRoute { get; } = new("unknown_route_404", 404, Severity.Medium,
        "A path the API does not serve must answer 404 problem+json (not a catch-all page or another status).");

    public static FixedStatus CreatedFetchable { get; } = new("created_resource_fetchable", 200, Severity.High,
        "A resource the API reported as created cannot be read back at its item route.");
    public static FixedStatus DeletedGone { get; } = new("deleted_resource_gone", 404, Severity.High,
        "A resource the API reported as deleted is still served at its item route.");

    public string Id => id;
    public Severity Severity => severity;

    public static FixedStatus? For(CaseKind kind) => kind switch
    {
        CaseKind.MissingCredentials or CaseKind.InvalidCredentials => AuthRequired,
        CaseKind.WrongContentType => UnsupportedMediaType,
        CaseKind.BodyTooLarge => PayloadTooLarge,
        CaseKind.CreatedResourceFetchable => CreatedFetchable,
        CaseKind.DeletedResourceGone => DeletedGone,
        _ => null,
    };

    public CheckOutcome Evaluate(CaseExchange input)
    {
        var (context, exchange) = input;
        if (exchange.Response is not { } response) return Contract.NotApplicable(this, context, exchange, "no response");
        if (response.Status >= 500) return Contract.NotApplicable(this, context, exchange, "a 5xx is judged by not_a_server_error");
        if (response.Status == status) return Contract.Pass(this, context, exchange);
        var failed = Contract.Fail(this, context, exchange, status.ToString(), Contract.StatusLine(response), hint);
        return status is 200 || id == DeletedGone.Id ? failed : failed.Seen(Seen(response.Status));
    }

    /// <summary>
    /// What a refusal case saw: a success means the request was accepted (critical without credentials, high for a
    /// wrong media type or an oversized body); another 4xx is a wrong refusal (403 for 401 is medium, a validation
    /// 400, 404 or 405 answered before the credentials were looked at is low: the request was still refused).
    /// </summary>
    private (FindingKind, Severity) Seen(int actual) => FindingScale.OfRefusal(actual) switch
    {
        FindingKind.Accepted => (FindingKind.Accepted, severity == Severity.Critical ? Severity.Critical : Severity.High),
        _ when actual == 403 => (FindingKind.WrongRefusal, Severity.Medium),
        _ => (FindingKind.WrongRefusal, Severity.Low),
    };
}
