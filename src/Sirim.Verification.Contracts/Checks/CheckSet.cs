using Sirim.Verification.Core.Checks;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Running;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>Which checks judge which case; every error response also meets the error-shape checks.</summary>
public static class CheckSet
{
    public static IReadOnlyList<ICheck<CaseExchange>> For(CaseKind kind, ResponseSchemas schemas, ICheck<CaseExchange>? statusCheck = null)
    {
        var errorShape = new ICheck<CaseExchange>[] { new ErrorIsJson(), new ErrorShapeConforms() };
        if (statusCheck is not null) return [new NotAServerError(), statusCheck, .. errorShape];
        return kind switch
        {
            CaseKind.Positive => [new NotAServerError(), new StatusCodeDeclared(), new PositiveAccepted(), new ContentTypeDeclared(),
                new ResponseSchemaConformance(schemas), new ResponseHeadersPresent(), .. errorShape],
            CaseKind.CreatedResourceFetchable => [new NotAServerError(), FixedStatus.CreatedFetchable, new ContentTypeDeclared(), new ResponseSchemaConformance(schemas), .. errorShape],
            CaseKind.UnsupportedMethod => [new NotAServerError(), new MethodNotAllowed(), .. errorShape],
            _ when FixedStatus.For(kind) is { } fixedStatus => [new NotAServerError(), fixedStatus, .. errorShape],
            _ => [new NotAServerError(), new NegativeRejected(), .. errorShape],
        };
    }
}
