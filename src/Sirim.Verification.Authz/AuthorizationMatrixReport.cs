using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz;

/// <summary>
/// authorization_matrix.md: operation × identity × action → expected / actual, the go/no-go figures, the resources read
/// back, the data checks (mass assignment, secret fields, list semantics), the run's data and its cleanup (tracked
/// resources and the inventory: "Nothing left" only when both agree), and the raw exchanges
/// of every failure (secrets redacted; a secret-looking value an answer exposed is masked).
/// </summary>
public static class AuthorizationMatrixReport
{
    public static MarkdownDocument Render(AuthzResult result, string environment, Redactor redactor)
    {
        var o = result.Options;
        var doc = new MarkdownDocument($"Authorization matrix — {environment}");
        doc.Paragraph($"Second identity: {o.Username} (role {o.Role}{(o.IdentityReadOnly ? ", read-only" : "")}); foreign empresa {o.ForeignEmpresaId}; " +
                      $"empresa both see {o.OwnEmpresaId}; run {o.RunId}{(o.SuiteReadOnly ? "; read-only mode: no write probe is sent" : "")}.");
        doc.Heading("Verdict");
        doc.Table(["figure", "actual", "expected"], AuthzGate.Figures(result).Select(f => (IReadOnlyList<string>)
            [f.Name, f.Actual + (f.Ok is false ? Granted(f.Actual) : ""), f.Threshold]));
        if (result.Probes.SetupProblem is { } problem) doc.Paragraph("**Not probed**: " + redactor.Text(problem));

        doc.Heading("Matrix");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var (probe, outcome) in result.Probes.Probes.Zip(result.Outcomes))
            rows.Add([probe.Operation, probe.Identity, Checks.ProbeRefused.Verb(probe.Action), probe.Target,
                probe.Action == AuthzAction.List ? "refused or empty" : Checks.Refusal.Expected,
                probe.Exchange is { } e ? Checks.Refusal.Answer(e) : "not sent: " + probe.SkipReason,
                Verdict(outcome) + " `" + outcome.CheckId + "`"]);
        doc.Table(["operation", "identity", "action", "target", "expected", "actual", "verdict"], rows);

        var readBacks = result.Outcomes.Where(x => x.CheckId == AuthzChecks.ResourceUnchanged).ToList();
        doc.Heading("Resources read back");
        doc.Table(["resource", "verdict", "detail"], readBacks.Select(x => (IReadOnlyList<string>)[x.Subject, Verdict(x), x.Actual ?? ""]));
        doc.Heading("Data checks");
        var dataIds = new[] { AuthzChecks.MassAssignment, AuthzChecks.NoSecretFields, AuthzChecks.ListFilter, AuthzChecks.ListPages };
        doc.Table(["check", "subject", "verdict", "detail"], result.Outcomes.Where(x => dataIds.Contains(x.CheckId)).Select(x => (IReadOnlyList<string>)
            ["`" + x.CheckId + "`", x.Subject, Verdict(x), redactor.Text(x.Actual ?? "")]));
        var notes = result.Probes.Notes.Concat(result.Probes.Data?.Notes ?? []).ToList();
        if (notes.Count > 0)
        {
            doc.Heading("Notes");
            doc.Bullets(notes.Select(redactor.Text));
        }
        if (result.Probes.Cleanup is { } account)
            account.Render(doc, redactor);
        else if (o.SuiteReadOnly)
        {
            doc.Heading("Data created by this run and its cleanup");
            doc.Paragraph("Read-only mode: no write was sent (" + AuthzGate.ReadOnlyNothingCreated + ").");
        }
        var failures = result.Outcomes.Where(x => x.Failed).ToList();
        if (failures.Count > 0)
        {
            doc.Heading("Failures");
            foreach (var failure in failures)
            {
                doc.Code(FailureRenderer.Render(failure with { Exchange = null }, redactor));
                if (failure.Exchange is { } exchange) doc.Code(exchange.ToRawText(redactor, 4096), "http");
            }
        }
        return doc;
    }

    private static string Verdict(CheckOutcome o) => o.Status switch
    {
        CheckStatus.Passed => "PASS",
        CheckStatus.Failed => $"**FAIL** ({o.Severity.ToString().ToLowerInvariant()})",
        _ => "not applicable",
    };

    /// <summary>"(accesses granted)" only when some probe was not refused at all; a refusal with an undeclared status is not an access.</summary>
    private static string Granted(string actual)
    {
        var counts = actual.Split(' ')[0].Split('/');
        return counts.Length == 2 && counts[0] == counts[1] ? " **(refused, some with a status the contract does not declare)**" : " **(accesses granted)**";
    }
}
