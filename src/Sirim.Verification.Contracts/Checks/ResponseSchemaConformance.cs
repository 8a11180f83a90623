using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// <c>response_schema_conformance</c>: a JSON body validates against the schema the contract documents for its
/// status and media type (JSON Schema via NJsonSchema; Schemathesis "response_schema_conformance").
/// </summary>
public sealed class ResponseSchemaConformance(ResponseSchemas schemas) : ICheck<CaseExchange>
{
    public string Id => "response_schema_conformance";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(CaseExchange input)
    {
        var (context, exchange) = input;
        if (exchange.Response is not { } response) return Contract.NotApplicable(this, context, exchange, "no response");
        if (!response.IsJson) return Contract.NotApplicable(this, context, exchange, "not a JSON body");
        var documented = context.Operation.ResponseFor(response.Status);
        var schema = documented?.Content.FirstOrDefault(c => MediaTypes.Matches(c.Key, response.MediaType ?? "")).Value;
        if (documented is null || schema is null) return Contract.NotApplicable(this, context, exchange, "no schema documented for this status and media type");
        var (validator, problem) = schemas.For(schema);
        if (validator is null) return Contract.NotApplicable(this, context, exchange, problem!);
        List<string> errors;
        try
        {
            errors = ValidationText.Flatten(validator.Validate(response.Body)).Select(ValidationText.Describe).Distinct().ToList();
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            errors = ["the body is not JSON: " + ex.Message.Split('.')[0]];
        }
        if (errors.Count == 0) return Contract.Pass(this, context, exchange);
        return Contract.Fail(this, context, exchange, $"a body valid against the {documented.StatusKey} {response.MediaType} schema",
            string.Join("; ", errors.Take(8)) + (errors.Count > 8 ? $" (and {errors.Count - 8} more)" : ""),
            "The body does not match the documented schema: a field lost, renamed or of another type, or the document is outdated.");
    }
}
