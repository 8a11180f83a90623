using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>What a contract check is told about the exchange it judges: the operation, the case and the error shape.</summary>
public sealed record CaseContext(ContractOperation Operation, CaseKind Kind, ErrorShape ErrorShape, string? ExpectedAllow = null, bool ValueInPath = false)
{
    public string Subject(HttpExchange exchange) =>
        $"{exchange.Request.Method} {exchange.Request.Url.PathAndQuery}   (operation {Operation.Key}, case {Kind.Id()})";
}

/// <summary>A small, pure contract rule with a stable snake_case id; it judges one exchange of one case.</summary>
public interface IContractCheck
{
    string Id { get; }
    Severity Severity { get; }
    CheckOutcome Evaluate(CaseContext context, HttpExchange exchange);
}

/// <summary>Shared helpers of the contract checks.</summary>
internal static class Contract
{
    public const string Gate = "contracts";

    public static CheckOutcome Pass(IContractCheck c, CaseContext ctx, HttpExchange ex) => CheckOutcome.Pass(Gate, c.Id, ctx.Subject(ex), c.Severity, ex);

    public static CheckOutcome NotApplicable(IContractCheck c, CaseContext ctx, HttpExchange ex, string why) => CheckOutcome.NotApplicable(Gate, c.Id, ctx.Subject(ex), why);

    public static CheckOutcome Fail(IContractCheck c, CaseContext ctx, HttpExchange ex, string expected, string actual, string hint) =>
        CheckOutcome.Fail(Gate, c.Id, ctx.Subject(ex), c.Severity, expected, actual, hint, ex);

    public static string StatusLine(ExchangeResponse r) => $"{r.Status} {r.Reason}".Trim();

    public static string ContentType(ExchangeResponse r) => r.Header("Content-Type") ?? "(none)";
}
