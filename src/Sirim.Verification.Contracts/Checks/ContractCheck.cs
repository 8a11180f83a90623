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

/// <summary>
/// What a contract check judges: one exchange of one case, with what it is told about the case. A contract check is an
/// <see cref="ICheck{TInput}"/> of this: a small, pure rule with a stable snake_case id.
/// </summary>
public sealed record CaseExchange(CaseContext Context, HttpExchange Exchange);

/// <summary>Calls a contract check with the case and the exchange apart.</summary>
public static class ContractCheckExtensions
{
    public static CheckOutcome Evaluate(this ICheck<CaseExchange> check, CaseContext context, HttpExchange exchange) =>
        check.Evaluate(new CaseExchange(context, exchange));
}

/// <summary>Shared helpers of the contract checks.</summary>
internal static class Contract
{
    public const string Gate = "contracts";

    public static CheckOutcome Pass(ICheck<CaseExchange> c, CaseContext ctx, HttpExchange ex) => CheckOutcome.Pass(Gate, c.Id, ctx.Subject(ex), c.Severity, ex);

    public static CheckOutcome NotApplicable(ICheck<CaseExchange> c, CaseContext ctx, HttpExchange ex, string why) => CheckOutcome.NotApplicable(Gate, c.Id, ctx.Subject(ex), why);

    public static CheckOutcome Fail(ICheck<CaseExchange> c, CaseContext ctx, HttpExchange ex, string expected, string actual, string hint) =>
        CheckOutcome.Fail(Gate, c.Id, ctx.Subject(ex), c.Severity, expected, actual, hint, ex);

    public static string StatusLine(ExchangeResponse r) => $"{r.Status} {r.Reason}".Trim();

    public static string ContentType(ExchangeResponse r) => r.Header("Content-Type") ?? "(none)";
}
