using System.Text;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Checks;

/// <summary>
/// Renders failures in the one shape every gate uses: check id and subject with the finding's severity and kind on the
/// risk scale (README "Findings"), expected, actual, hint, the exchange
/// (first 2 KB of text bodies) and a curl line to reproduce it. Secrets are redacted.
/// </summary>
public static class FailureRenderer
{
    public const int BodyPreviewChars = 2048;

    public static string Render(CheckOutcome outcome, Redactor redactor)
    {
        var sb = new StringBuilder();
        sb.Append('[').Append(outcome.Gate).Append("] ").Append(outcome.CheckId).Append(": ").Append(redactor.Text(outcome.Subject))
          .Append("   (severity ").Append(outcome.Severity.ToString().ToLowerInvariant())
          .Append(" · ").Append(FindingScale.Label(outcome.Kind)).Append(")\n");
        if (outcome.Expected is not null) sb.Append("Expected: ").Append(redactor.Text(outcome.Expected)).Append('\n');
        if (outcome.Actual is not null) sb.Append("Actual:   ").Append(redactor.Text(outcome.Actual)).Append('\n');
        if (outcome.Hint is not null) sb.Append("Hint:     ").Append(outcome.Hint).Append('\n');
        if (outcome.Exchange is { } ex) AppendExchange(sb, ex, redactor);
        return sb.ToString();
    }

    public static string RenderAll(IEnumerable<CheckOutcome> outcomes, Redactor redactor)
    {
        var failed = outcomes.Where(o => o.Failed).ToList();
        if (failed.Count == 0) return "";
        var header = failed.Count == 1 ? "" : $"{failed.Count} checks failed:\n\n";
        return header + string.Join("\n", failed.Select(f => Render(f, redactor)));
    }

    private static void AppendExchange(StringBuilder sb, HttpExchange ex, Redactor redactor)
    {
        sb.Append("→ ").Append(ex.Request.Method).Append(' ').Append(redactor.Text(ex.Request.Url.ToString())).Append('\n');
        if (ex.Response is null)
        {
            sb.Append("← no response: ").Append(ex.TransportError).Append(" (").Append((int)ex.Elapsed.TotalMilliseconds).Append(" ms)\n");
        }
        else
        {
            sb.Append("← ").Append(ex.Response.Status).Append(' ').Append(ex.Response.Reason)
              .Append(" (").Append((int)ex.Elapsed.TotalMilliseconds).Append(" ms)");
            if (ex.Response.Header("Content-Type") is { } ct) sb.Append("  Content-Type: ").Append(ct);
            sb.Append('\n');
            var body = ex.Response.Body;
            if (body.Length > 0 && IsText(ex.Response.MediaType))
            {
                var preview = redactor.Text(body.Length > BodyPreviewChars ? body[..BodyPreviewChars] + " …" : body);
                foreach (var line in preview.Split('\n').Take(40)) sb.Append("  ").Append(line.TrimEnd('\r')).Append('\n');
            }
        }
        sb.Append("Reproduce: ").Append(ex.ToCurl(redactor)).Append('\n');
    }

    private static bool IsText(string? mediaType) =>
        mediaType is null || mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType.Contains("json") ||
        mediaType.Contains("xml") || mediaType.Contains("javascript");
}
