using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// <c>method_not_allowed</c>: a method the path does not support is answered 405 with an Allow header listing the
/// documented methods (RFC 9110 §15.5.6), not 404 as if the path did not exist.
/// </summary>
public sealed class MethodNotAllowed : ICheck<CaseExchange>
{
    public string Id => "method_not_allowed";
    public Severity Severity => Severity.Medium;

    public CheckOutcome Evaluate(CaseExchange input)
    {
        var (context, exchange) = input;
        if (exchange.Response is not { } response) return Contract.NotApplicable(this, context, exchange, "no response");
        if (response.Status >= 500) return Contract.NotApplicable(this, context, exchange, "a 5xx is judged by not_a_server_error");
        var expectedAllow = context.ExpectedAllow ?? "";
        var expected = $"405 with Allow: {expectedAllow}";
        if (response.Status != 405)
            return Contract.Fail(this, context, exchange, expected, Contract.StatusLine(response),
                    response.Status < 400
                        ? "A method the path does not support was accepted: refuse it with 405 and Allow."
                        : "The path exists but the API treats an unsupported method as an unknown route: answer 405 with Allow.")
                .Seen(response.Status < 400 ? (FindingKind.Accepted, Severity.High) : (FindingKind.WrongRefusal, Severity.Low));
        var allow = string.Join(",", response.HeaderValues("Allow"));
        if (allow.Length == 0)
            return Contract.Fail(this, context, exchange, expected, "405 without an Allow header", "RFC 9110 requires Allow on every 405.")
                .Seen(FindingKind.WrongRefusal, Severity.Low);
        var allowed = allow.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(m => m.ToUpperInvariant()).ToHashSet();
        var missing = expectedAllow.Split(", ", StringSplitOptions.RemoveEmptyEntries).Where(m => !allowed.Contains(m)).ToList();
        if (missing.Count == 0) return Contract.Pass(this, context, exchange);
        return Contract.Fail(this, context, exchange, expected, $"405 with Allow: {allow}",
            "Allow does not list every documented method of the path: " + string.Join(", ", missing) + " missing.");
    }
}
