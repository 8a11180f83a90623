using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Synthesis;

namespace Sirim.Verification.Contracts.Running;

/// <summary>
/// Decides, for every operation × case, whether the case applies, is excluded by configuration (with its reason),
/// is skipped by the read-only mode, or cannot be built from the document. The result is the coverage matrix's rows.
/// </summary>
public static class CasePlanner
{
    /// <summary>One cell: sent when <see cref="NotSentReason"/> is null.</summary>
    public sealed record Cell(ContractOperation Operation, CaseKind Kind, string? NotSentReason, CaseState NotSentState,
        string? UnsupportedMethod = null, ContractOperation? Reader = null)
    {
        public void Deconstruct(out ContractOperation op, out CaseKind kind, out string? reason, out CaseState state) =>
            (op, kind, reason, state) = (Operation, Kind, NotSentReason, NotSentState);
    }

    private static readonly string[] ProbeMethods = ["GET", "PATCH", "POST", "PUT", "DELETE"];

    public static IReadOnlyList<Cell> Plan(ContractDocument document, ContractsOptions options)
    {
        var cells = new List<Cell>();
        foreach (var op in document.Operations)
            foreach (var kind in CaseKinds.All)
            {
                var (applies, why, extraMethod, reader) = Applies(document, op, kind);
                if (!applies) { cells.Add(new(op, kind, why, CaseState.NotApplicable)); continue; }
                var sentMethod = extraMethod ?? (kind is CaseKind.CreatedResourceFetchable or CaseKind.DeletedResourceGone ? "GET" : op.Method);
                if (options.Exclusions.FirstOrDefault(e => e.Covers(op.Method, op.Path, kind.Id())) is { } excluded)
                    cells.Add(new(op, kind, "excluded: " + excluded.Reason, CaseState.Excluded));
                else if (options.ReadOnly && (sentMethod is not ("GET" or "HEAD" or "OPTIONS") || op.IsMutating))
                    cells.Add(new(op, kind, "read-only mode: no mutating request is sent", CaseState.Skipped));
                else if (kind == CaseKind.Positive && op.RequestBody is { Required: true } body && body.JsonMediaType is null)
                    cells.Add(new(op, kind, "unsupported: request body media type " + string.Join(", ", body.Content.Keys) + " is not synthesised", CaseState.Uncovered));
                else
                    cells.Add(new(op, kind, null, CaseState.Passed, extraMethod, reader));
            }
        return cells;
    }

    private static (bool, string?, string?, ContractOperation?) Applies(ContractDocument doc, ContractOperation op, CaseKind kind)
    {
        var json = op.RequestBody?.JsonMediaType is not null;
        var bodySchema = json ? op.RequestBody!.Content[op.RequestBody.JsonMediaType!] : null;
        var collection = RequestFactory.CollectionOf(op.Path);
        switch (kind)
        {
            case CaseKind.Positive: return (true, null, null, null);
            case CaseKind.MissingRequiredParameter:
                return op.Parameters.Any(p => p.Required && p.Place is ParameterPlace.Query or ParameterPlace.Header)
                    ? (true, null, null, null) : (false, "no required query or header parameter", null, null);
            case CaseKind.WrongType:
                return op.Parameters.Any(p => InvalidValues.WrongType(p.Schema, true) is not null) ||
                       (bodySchema?.Properties ?? new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>()).Values.Any(s => !s.ReadOnly && InvalidValues.WrongType(s, false) is not null)
                    ? (true, null, null, null) : (false, "no typed parameter or body property", null, null);
            case CaseKind.OutOfRange:
                return op.Parameters.Any(p => InvalidValues.OutOfRange(p.Schema) is not null) ||
                       (bodySchema?.Properties ?? new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>()).Values.Any(s => !s.ReadOnly && InvalidValues.OutOfRange(s) is not null)
                    ? (true, null, null, null) : (false, "no enum, range or length constraint", null, null);
            case CaseKind.MalformedJson or CaseKind.WrongContentType or CaseKind.BodyTooLarge:
                return json ? (true, null, null, null) : (false, "no JSON request body", null, null);
            case CaseKind.Injection:
                return InjectionValues.Targets(op).Count > 0
                    ? (true, null, null, null)
                    : (false, "no free-text string parameter, nor a free-text body property of a secured operation", null, null);
            case CaseKind.MissingCredentials or CaseKind.InvalidCredentials:
                return op.Secured ? (true, null, null, null) : (false, "not secured in the contract", null, null);
            case CaseKind.UnsupportedMethod:
                var methods = doc.MethodsOf(op.Path);
                if (methods[0] != op.Method) return (false, $"probed once per path, on {methods[0]} {op.Path}", null, null);
                var probe = ProbeMethods.FirstOrDefault(m => !methods.Contains(m));
                return probe is null ? (false, "every method is documented on this path", null, null) : (true, null, probe, null);
            case CaseKind.CreatedResourceFetchable:
                if (op.Method != "POST" || collection is not null) return (false, "not a create (POST on a collection)", null, null);
                var item = doc.Operations.FirstOrDefault(o => o.Method == "GET" && RequestFactory.CollectionOf(o.Path) == op.Path);
                return item is null ? (false, $"no GET {op.Path}/{{id}} documented", null, null) : (true, null, null, item);
            case CaseKind.DeletedResourceGone:
                if (op.Method != "DELETE" || collection is null) return (false, "not a delete of an item", null, null);
                var reader = doc.Find("GET", op.Path);
                return reader is null ? (false, $"no GET {op.Path} documented", null, null) : (true, null, null, reader);
        }
        return (false, "unknown case", null, null);
    }
}
