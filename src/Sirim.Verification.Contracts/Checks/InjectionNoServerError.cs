using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// <c>injection_no_server_error</c>: an injection-shaped value (a quote, <c>' OR '1'='1</c>, <c>; DROP TABLE</c>, a NoSQL
/// operator, <c>../</c>, NUL, Unicode, a text at maxLength) in any string field is stored, matched literally or refused
/// with 4xx, never a 5xx (OWASP WSTG-INPV-05: an error on a quote is the classic sign of SQL built from text).
/// </summary>
public static class InjectionNoServerError
{
    public const string Id = "injection_no_server_error";

    public static CheckOutcome Evaluate(string operation, IReadOnlyList<InjectionSent> sent)
    {
        var subject = $"{operation}: {sent.Count} injection-shaped value(s)   (case injection)";
        var failed = sent.Where(s => s.Exchange.Response is null || s.Exchange.Response.Status >= 500).ToList();
        if (failed.Count == 0) return CheckOutcome.Pass(Contract.Gate, Id, subject, Severity.High, sent.FirstOrDefault()?.Exchange);
        return CheckOutcome.Fail(Contract.Gate, Id, subject, Severity.High,
            "each value stored, matched literally or refused with 4xx",
            $"{failed.Count} of {sent.Count} failed:" + string.Concat(failed.Select(s =>
                $"\n  {s.Describe} → {(s.Exchange.Response is { } r ? Contract.StatusLine(r) : "no response: " + s.Exchange.TransportError)}")),
            "The server failed on text it should treat as data: a query, path or document built by concatenating the value " +
            "(use parameters), or input it cannot store (refuse it with 400). The first failing exchange is shown below.",
            failed[0].Exchange);
    }
}
