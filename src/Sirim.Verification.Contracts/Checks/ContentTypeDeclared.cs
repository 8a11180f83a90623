using System.Net.Http.Headers;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Contracts.Document;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// <c>content_type_declared</c>: a response with a body carries a well-formed Content-Type (RFC 9110 §8.3) that the
/// contract documents for that status (Schemathesis "content_type_conformance").
/// </summary>
public sealed class ContentTypeDeclared : ICheck<CaseExchange>
{
    public string Id => "content_type_declared";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(CaseExchange input)
    {
        var (context, exchange) = input;
        if (exchange.Response is not { } response) return Contract.NotApplicable(this, context, exchange, "no response");
        var documented = context.Operation.ResponseFor(response.Status)?.Content.Keys.ToList();
        if (documented is null || documented.Count == 0)
            return Contract.NotApplicable(this, context, exchange, "no media type documented for this status");
        var header = response.Header("Content-Type");
        if (header is null)
            return response.BodyBytes == 0 && response.Body.Length == 0
                ? Contract.NotApplicable(this, context, exchange, "no body")
                : Contract.Fail(this, context, exchange, "Content-Type one of " + string.Join(", ", documented), "no Content-Type header",
                    "Clients cannot tell how to read the body; set the documented media type.");
        if (!MediaTypeHeaderValue.TryParse(header, out _))
            return Contract.Fail(this, context, exchange, "a well-formed Content-Type (type/subtype; parameters)", $"Content-Type '{header}'",
                "The header does not parse as a media type (RFC 9110 §8.3).");
        if (documented.Any(d => MediaTypes.Matches(d, header))) return Contract.Pass(this, context, exchange);
        return Contract.Fail(this, context, exchange, "Content-Type one of " + string.Join(", ", documented), $"Content-Type {header}",
            "The API answers a media type its contract does not document for this status.");
    }
}
