using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Contracts.Checks;

/// <summary>
/// <c>injection_not_interpreted</c>: an injection-shaped value is data, not code (OWASP WSTG-INPV-05, ASVS V5.3.4). A
/// list filtered by an injected value never returns more items than the same list filtered by a harmless value that
/// matches nothing; a read by an injected id never returns a resource.
/// </summary>
public static class InjectionNotInterpreted
{
    public const string Id = "injection_not_interpreted";

    public static CheckOutcome Evaluate(string operation, IReadOnlyList<InjectionSent> sent)
    {
        var subject = $"{operation}: {sent.Count} injection-shaped value(s)   (case injection)";
        var judged = sent.Where(s => s.Target.Place == ParameterPlace.Path || s.Baseline?.Items is not null).ToList();
        if (judged.Count == 0)
            return CheckOutcome.NotApplicable(Contract.Gate, Id, subject, "no list filtered by a string parameter and no read by a string id");
        var failed = new List<(InjectionSent Sent, string Why)>();
        foreach (var s in judged)
        {
            if (s.Exchange.Response is not { Status: >= 200 and < 300 } ok) continue;
            if (s.Target.Place == ParameterPlace.Path) failed.Add((s, $"{Contract.StatusLine(ok)}: a resource was returned"));
            else if (s.Items > s.Baseline!.Items)
                failed.Add((s, $"{s.Items} item(s), the harmless value {Quote(s.Baseline.Text)} {s.Baseline.Items}"));
        }
        if (failed.Count == 0) return CheckOutcome.Pass(Contract.Gate, Id, subject, Severity.Critical, judged[0].Exchange);
        return CheckOutcome.Fail(Contract.Gate, Id, subject, Severity.Critical,
            "no more items than a harmless value that matches nothing; no resource for an injected id",
            $"{failed.Count} value(s) interpreted:" + string.Concat(failed.Select(f => $"\n  {f.Sent.Describe} → {f.Why}")),
            "The value changed the query instead of being matched: the server builds SQL (or a NoSQL filter) from the text. " +
            "Pass it as a query parameter; never concatenate it. The first such exchange is shown below.",
            failed[0].Sent.Exchange);
    }

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
