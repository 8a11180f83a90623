using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Evidence;

/// <summary>
/// The gate's two evidence files: contracts_validation.md (coverage matrix, drift, skipped cases and why, unsupported
/// constructs, cleanup) and errors_json_validation.md (every error response seen and whether it has the standard shape).
/// </summary>
public sealed class ContractsEvidence(TargetOptions target, ContractsOptions? options, ContractRun? run, string? problem, Redactor redactor)
{
    private Core.Checks.CheckOutcome? Availability => run?.Availability(target.ApiBaseUrl);

    public MarkdownDocument Validation()
    {
        var doc = new MarkdownDocument($"Contract validation — {target.Environment}")
            .Paragraph("Every operation of the committed OpenAPI document called with a valid request and with each applicable negative case; " +
                       "responses validated against the documented statuses, media types, schemas and headers; errors against the standard error shape; " +
                       "the served document compared with the committed one.");
        doc.Heading("Parameters").KeyValues([
            ("API", target.ApiBaseUrl.ToString()), ("committed contract", target.ContractSource), ("served contract", target.OpenApiUrl.ToString()),
            ("error shape", options is null ? "(not loaded)" : $"{options.ErrorMediaType}, {Path.GetFileName(options.ErrorSchemaFile)}"),
            ("read-only mode", target.ReadOnly ? "ON: mutating requests skipped (listed below)" : "off"),
            ("body size limit probed", options is null ? "" : $"{options.BodyLimitBytes} bytes"),
            ("concurrency", options?.Concurrency.ToString() ?? ""),
            ("exclusions", options is null || options.Exclusions.Count == 0 ? "none" : string.Join("; ", options.Exclusions)),
        ]);
        if (run is null)
            return doc.Heading("Verdict").Paragraph("NOT RUN: " + (problem ?? "the suite preflight failed"));

        var c = run.Cases;
        doc.Heading("Summary").KeyValues([
            ("contract", $"{run.Committed!.Title} {run.Committed.Version} (OpenAPI {run.Committed.SpecVersion}), {run.Committed.Operations.Count} operations"),
            ("cases", $"{c.Count(x => x.State == CaseState.Passed)} passed, {c.Count(x => x.State == CaseState.Failed)} failed, " +
                      $"{c.Count(x => x.State == CaseState.Uncovered)} uncovered, {c.Count(x => x.State == CaseState.Skipped)} skipped, " +
                      $"{c.Count(x => x.State == CaseState.Excluded)} excluded, {c.Count(x => x.State == CaseState.NotApplicable)} not applicable"),
            ("requests sent", c.Sum(x => x.Exchanges.Count).ToString()), ("duration", $"{run.Elapsed.TotalSeconds:0.0} s"),
            ("breaking drift", run.Drift.Count(d => d.Breaking).ToString()),
            ("target stayed up", Availability is { Failed: true } down ? "**NO**: " + redactor.Text(down.Actual!) : "yes: it answered until the last request"),
        ]);

        var kinds = CaseKinds.All.Select(k => k.Id()).Append(ContractsGate.UnknownRouteCase).ToList();
        doc.Heading("Coverage matrix").Paragraph("PASS / FAIL: sent and judged; UNCOVERED: applicable but not sent (fails the gate); SKIP: read-only mode; EXCL: excluded in configuration; — not applicable.");
        doc.Table(["operation", .. kinds.Select(Short)], run.Cases.GroupBy(x => x.OperationKey).Select(g => (IReadOnlyList<string>)
            [g.Key, .. kinds.Select(k => g.FirstOrDefault(x => x.CaseId == k)?.State switch
            {
                CaseState.Passed => "PASS", CaseState.Failed => "**FAIL**", CaseState.Uncovered => "**UNCOVERED**",
                CaseState.Skipped => "SKIP", CaseState.Excluded => "EXCL", _ => "—",
            })]));

        var failed = c.Where(x => x.State == CaseState.Failed).ToList();
        doc.Heading("Failures");
        // The moment the target went down comes first: the failures after it are its consequences.
        if (Availability is { Failed: true } outage) doc.Heading("The target went down mid-gate", 3).Code(Core.Checks.FailureRenderer.Render(outage, redactor), "text");
        if (failed.Count == 0 && Availability is not { Failed: true }) doc.Paragraph("None.");
        foreach (var f in failed)
            doc.Heading($"{f.OperationKey} — {f.CaseId}", 3).Code(Core.Checks.FailureRenderer.RenderAll(f.Outcomes, redactor), "text");

        doc.Heading("Not exercised, and why").Table(["operation", "case", "state", "reason"],
            c.Where(x => x.State is CaseState.Uncovered or CaseState.Skipped or CaseState.Excluded)
             .Select(x => (IReadOnlyList<string>)[x.OperationKey, x.CaseId, x.State.ToString(), x.Reason ?? ""]));
        doc.Heading("Unsupported constructs of the document");
        if (run.Committed.Unsupported.Count == 0) doc.Paragraph("None.");
        else doc.Bullets(run.Committed.Unsupported);

        doc.Heading("Drift: served document vs committed");
        if (run.Served?.Document is null) doc.Paragraph("The served document could not be read: " + run.Served?.Error);
        else if (run.Drift.Count == 0) doc.Paragraph("No semantic difference.");
        else doc.Table(["kind", "where", "what"], run.Drift.Select(d => (IReadOnlyList<string>)[d.Breaking ? "**BREAKING**" : "compatible", d.Where, d.What]));

        doc.Heading("Cases sent").Table(["operation", "case", "request", "status", "ms", "what was varied"],
            c.Where(x => x.Exchanges.Count > 0).Select(x => (IReadOnlyList<string>)[x.OperationKey, x.CaseId,
                $"{x.Exchanges[0].Request.Method} {Trim(x.Exchanges[0].Request.Url.PathAndQuery)}", x.Exchanges[0].Status?.ToString() ?? "no response",
                $"{x.Exchanges[0].Elapsed.TotalMilliseconds:0}", x.Mutation ?? ""]));

        run.Cleanup.Render(doc, redactor);
        return doc;
    }

    public MarkdownDocument Errors()
    {
        var doc = new MarkdownDocument($"Error responses (JSON error shape) — {target.Environment}")
            .Paragraph($"Every error response (status ≥ 400) the contracts gate received, measured against the standard error shape: " +
                       $"{options?.ErrorMediaType ?? "application/problem+json"} matching {Path.GetFileName(options?.ErrorSchemaFile ?? "problem-details.schema.json")}.");
        if (run is null) return doc.Paragraph("NOT RUN: " + (problem ?? "the suite preflight failed"));
        var errors = run.Errors.OrderBy(e => e.OperationKey).ThenBy(e => e.CaseId).ToList();
        var valid = errors.Count(e => e.Verdict.ShapeValid);
        doc.KeyValues([("error responses", errors.Count.ToString()), ("standard shape", $"{valid}/{errors.Count}"),
            ("JSON but another shape", errors.Count(e => e.Verdict.IsJson && !e.Verdict.ShapeValid).ToString()),
            ("not JSON", errors.Count(e => !e.Verdict.IsJson).ToString())]);
        doc.Table(["route", "case", "status", "content type", "shape", "problem"], errors.Select(e => (IReadOnlyList<string>)[
            $"{e.Exchange.Request.Method} {Trim(e.Exchange.Request.Url.PathAndQuery)}", e.CaseId, e.Exchange.Status?.ToString() ?? "",
            e.Exchange.Response?.Header("Content-Type") ?? "(none)", e.Verdict.ShapeValid ? "valid" : "**INVALID**", e.Verdict.Problem ?? ""]));
        var invalid = errors.Where(e => !e.Verdict.ShapeValid).Take(20).ToList();
        if (invalid.Count > 0)
        {
            doc.Heading("Raw exchanges of the invalid ones");
            foreach (var e in invalid) doc.Heading($"{e.OperationKey} — {e.CaseId}", 3).Code(e.Exchange.ToRawText(redactor, 2048), "http");
        }
        return doc;
    }

    private static string Short(string caseId) => caseId.Replace("_", " ");

    private static string Trim(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
