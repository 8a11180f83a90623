using System.Text;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Checks;

namespace Sirim.Verification.Security;

/// <summary>
/// Renders <c>security_hardening_report.md</c>: parameters, a grade per area, then the raw evidence: every probed
/// route's response headers as <c>curl -i</c> shows them, the CORS probes with their answers, the forged-token table,
/// the body-limit and rate-limit runs. Secrets go through the <see cref="Redactor"/>; the writer redacts again.
/// </summary>
public static class SecurityReport
{
    /// <summary>Area of a check id, for the grade table.</summary>
    public static string Area(string checkId) => checkId switch
    {
        _ when checkId.StartsWith("csp_", StringComparison.Ordinal) => "Content-Security-Policy",
        "hsts_policy" or "https_redirect" => "HTTPS and HSTS",
        "nosniff" or "frame_options" or "referrer_policy_safe" or "permissions_policy" => "Hardening headers",
        "server_no_version" or "no_x_powered_by" => "Server disclosure",
        _ when checkId.StartsWith("cors_", StringComparison.Ordinal) => "CORS",
        _ when checkId.StartsWith("token_", StringComparison.Ordinal) => "Tokens",
        _ when checkId.StartsWith("body_limit", StringComparison.Ordinal) => "Body size limit",
        _ when checkId.StartsWith("rate_limit", StringComparison.Ordinal) => "Rate limiting",
        "error_no_leak" => "Information leaks",
        "cookie_flags" => "Cookies",
        _ => "Other",
    };

    /// <summary>A: every check passed; C: only low/medium failures; F: a high or critical failure; n/a: nothing judged.</summary>
    public static string Grade(IReadOnlyList<CheckOutcome> outcomes)
    {
        var judged = outcomes.Where(o => o.Status != CheckStatus.NotApplicable).ToList();
        if (judged.Count == 0) return "n/a";
        var failed = judged.Where(o => o.Failed).ToList();
        if (failed.Count == 0) return "A";
        return failed.Any(o => o.Severity >= Severity.High) ? "F" : "C";
    }

    /// <summary>The status line and headers of a response, as <c>curl -i</c> prints them (credential headers redacted).</summary>
    public static string RawHeaders(HttpExchange exchange, Redactor redactor)
    {
        var sb = new StringBuilder();
        sb.Append("$ curl -i -X ").Append(exchange.Request.Method).Append(" '").Append(exchange.Request.Url).Append('\'');
        foreach (var h in exchange.Request.Headers.Where(h => h.Name is not ("User-Agent" or "Accept")))
            sb.Append(" -H '").Append(h.Name).Append(": ").Append(redactor.HeaderValue(h.Name, h.Value)).Append('\'');
        sb.Append('\n');
        if (exchange.Response is not { } r)
            return sb.Append("(no response: ").Append(exchange.TransportError).Append(")\n").ToString();
        sb.Append("HTTP/").Append(r.HttpVersion).Append(' ').Append(r.Status).Append(' ').Append(r.Reason).Append('\n');
        foreach (var h in r.Headers) sb.Append(h.Name).Append(": ").Append(redactor.HeaderValue(h.Name, h.Value)).Append('\n');
        return sb.ToString();
    }

    public static MarkdownDocument Render(string environment, SecurityOptions options, IReadOnlyList<(string Key, string Value)> parameters,
        IReadOnlyList<SecurityProbe> probes, RateLimitRun? rateLimit, IReadOnlyList<CheckOutcome> rateOutcomes,
        IReadOnlyList<string> notRun, Redactor redactor)
    {
        var all = probes.SelectMany(p => p.Outcomes).Concat(rateOutcomes).ToList();
        var doc = new MarkdownDocument($"Security hardening report — {environment}");
        doc.Paragraph("Headers and CSP on every GET route of the contract, on error responses and on the frontend's pages; CORS probes; " +
                      "forged tokens; body-size and rate limits. Raw headers below are exactly what the target answered (secrets redacted).");
        doc.Heading("Parameters").KeyValues(parameters);

        doc.Heading("Summary");
        doc.Table(["area", "grade", "checks passed", "checks failed", "not applicable"], all.GroupBy(o => Area(o.CheckId)).OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<string>)[g.Key, Grade(g.ToList()), g.Count(o => o.Status == CheckStatus.Passed).ToString(),
                g.Count(o => o.Failed).ToString(), g.Count(o => o.Status == CheckStatus.NotApplicable).ToString()]));
        var failures = all.Where(o => o.Failed).ToList();
        if (failures.Count > 0)
            doc.Heading("Failures").Bullets(failures.Select(f => $"`{f.CheckId}` {f.Subject}: expected {f.Expected}; actual {redactor.Text(f.Actual)}"));
        if (notRun.Count > 0) doc.Heading("Not run").Bullets(notRun);

        doc.Heading("Per check");
        doc.Table(["check", "passed", "failed", "not applicable"], all.GroupBy(o => o.CheckId).OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<string>)[g.Key, g.Count(o => o.Status == CheckStatus.Passed).ToString(),
                g.Count(o => o.Failed).ToString(), g.Count(o => o.Status == CheckStatus.NotApplicable).ToString()]));

        foreach (var (kind, title) in new[] { (SecurityProbeKind.Api, "API routes: response headers"), (SecurityProbeKind.Frontend, "Frontend pages: response headers"),
                     (SecurityProbeKind.Error, "Error responses: headers"), (SecurityProbeKind.Https, "Plain HTTP") })
        {
            var group = probes.Where(p => p.Kind == kind).ToList();
            if (group.Count == 0) continue;
            doc.Heading(title);
            foreach (var p in group)
                doc.Heading($"{p.Title} → {p.Exchange.Status?.ToString() ?? "no response"}{Verdicts(p)}", 3).Code(RawHeaders(p.Exchange, redactor), "http");
        }

        var cors = probes.Where(p => p.IsCors).ToList();
        if (cors.Count > 0)
        {
            doc.Heading("CORS probes");
            doc.Table(["probe", "status", "Access-Control-Allow-Origin", "Allow-Credentials", "verdict"], cors.Select(p => (IReadOnlyList<string>)
                [p.Title, p.Exchange.Status?.ToString() ?? "no response", p.Exchange.Response?.Header("Access-Control-Allow-Origin") ?? "(absent)",
                    p.Exchange.Response?.Header("Access-Control-Allow-Credentials") ?? "", Verdict(p)]));
            foreach (var p in cors) doc.Heading(p.Title, 3).Code(RawHeaders(p.Exchange, redactor), "http");
        }

        var tokens = probes.Where(p => p.Kind is SecurityProbeKind.Token or SecurityProbeKind.TokenControl).ToList();
        if (tokens.Count > 0)
        {
            doc.Heading("Forged tokens");
            doc.Paragraph("Tokens are never printed; each row says how the token was made.");
            doc.Table(["request", "status", "Content-Type", "verdict"], tokens.Select(p => (IReadOnlyList<string>)
                [p.Title, p.Exchange.Status?.ToString() ?? "no response", p.Exchange.Response?.Header("Content-Type") ?? "", Verdict(p)]));
        }

        var body = probes.Where(p => p.Kind == SecurityProbeKind.Body).ToList();
        if (body.Count > 0)
        {
            doc.Heading("Body size limit");
            foreach (var p in body)
                doc.Heading($"{p.Title} → {p.Exchange.Status?.ToString() ?? "no response"}{Verdicts(p)}", 3)
                    .Code(RawHeaders(p.Exchange, redactor) + "\n" + Preview(redactor.Text(p.Exchange.Response?.Body)), "http");
        }

        if (rateLimit is not null)
        {
            doc.Heading("Rate limiting");
            doc.Paragraph($"POST {rateLimit.Route}: burst of at most {rateLimit.MaxRequests} requests (limit {rateLimit.Limit}), stopped at the first 429; " +
                          (rateLimit.Waited is { } w ? $"then waited {w.TotalSeconds:0.#} s (Retry-After) and sent one more." : $"no recovery probe: {rateLimit.WaitSkippedReason}."));
            var rows = rateLimit.Burst.Select((e, i) => (IReadOnlyList<string>)
                [$"#{i + 1}", e.Status?.ToString() ?? "no response", e.Response?.Header("Retry-After") ?? "", e.Response?.MediaType ?? "", $"{e.Elapsed.TotalMilliseconds:0}"]).ToList();
            if (rateLimit.AfterWait is { } after)
                rows.Add(["after wait", after.Status?.ToString() ?? "no response", after.Response?.Header("Retry-After") ?? "", after.Response?.MediaType ?? "", $"{after.Elapsed.TotalMilliseconds:0}"]);
            doc.Table(["request", "status", "Retry-After", "content type", "ms"], rows);
            if (rateLimit.FirstRefusal is { } refusal)
                doc.Heading("First 429", 3).Code(RawHeaders(refusal, redactor) + "\n" + Preview(redactor.Text(refusal.Response?.Body)), "http");
            doc.Bullets(rateOutcomes.Select(o => $"`{o.CheckId}`: {o.Status}{(o.Failed ? " — " + o.Actual : "")}"));
        }
        return doc;
    }

    private static string Verdict(SecurityProbe p) =>
        p.Outcomes.Count == 0 ? "control" : p.Outcomes.Any(o => o.Failed) ? "FAIL " + string.Join(", ", p.Outcomes.Where(o => o.Failed).Select(o => o.CheckId)) : "pass";

    private static string Verdicts(SecurityProbe p) =>
        p.Outcomes.Any(o => o.Failed) ? " — FAIL: " + string.Join(", ", p.Outcomes.Where(o => o.Failed).Select(o => o.CheckId)) : "";

    private static string Preview(string body) => body.Length > 600 ? body[..600] + " …" : body;
}
