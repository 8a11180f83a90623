namespace Sirim.Verification.Contracts.Running;

/// <summary>What one case of an operation sends; <see cref="CaseKinds.Id"/> is its stable name in reports and exclusions.</summary>
public enum CaseKind
{
    Positive,
    MissingRequiredParameter,
    WrongType,
    OutOfRange,
    MalformedJson,
    WrongContentType,
    MissingCredentials,
    InvalidCredentials,
    UnsupportedMethod,
    BodyTooLarge,
    Injection,
    CreatedResourceFetchable,
    DeletedResourceGone,
}

public static class CaseKinds
{
    public static IReadOnlyList<CaseKind> All { get; } = Enum.GetValues<CaseKind>();

    public static string Id(this CaseKind kind) => kind switch
    {
        CaseKind.Positive => "positive",
        CaseKind.MissingRequiredParameter => "missing_required_parameter",
        CaseKind.WrongType => "wrong_type",
        CaseKind.OutOfRange => "out_of_range",
        CaseKind.MalformedJson => "malformed_json",
        CaseKind.WrongContentType => "wrong_content_type",
        CaseKind.MissingCredentials => "missing_credentials",
        CaseKind.InvalidCredentials => "invalid_credentials",
        CaseKind.UnsupportedMethod => "unsupported_method",
        CaseKind.BodyTooLarge => "body_too_large",
        CaseKind.Injection => "injection",
        CaseKind.CreatedResourceFetchable => "created_resource_fetchable",
        CaseKind.DeletedResourceGone => "deleted_resource_gone",
        _ => kind.ToString(),
    };

    public static CaseKind? Parse(string id) => All.Cast<CaseKind?>().FirstOrDefault(k => k!.Value.Id() == id);

    public static bool IsNegative(this CaseKind kind) => kind is not (CaseKind.Positive or CaseKind.CreatedResourceFetchable or CaseKind.DeletedResourceGone);

    /// <summary>The status a negative case must get, when one is fixed by the HTTP semantics (RFC 9110) rather than the document.</summary>
    public static int? FixedStatus(this CaseKind kind) => kind switch
    {
        CaseKind.WrongContentType => 415,
        CaseKind.MissingCredentials or CaseKind.InvalidCredentials => 401,
        CaseKind.UnsupportedMethod => 405,
        CaseKind.BodyTooLarge => 413,
        _ => null,
    };
}
