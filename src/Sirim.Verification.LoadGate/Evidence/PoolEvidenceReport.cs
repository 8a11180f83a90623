using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;

namespace Sirim.Verification.LoadGate.Evidence;

/// <summary>
/// Renders <c>pool_config_evidence.md</c>: what the pool proof samples and how, its parameters (connection shown
/// without secrets), why it did not run, or the section of the run that was judged.
/// </summary>
public static class PoolEvidenceReport
{
    /// <param name="notRun">Why the pool proof did not run; null when it ran.</param>
    /// <param name="section">The Markdown section of the run (samples, chart, verdicts); null when it did not run.</param>
    public static MarkdownDocument Render(TargetOptions o, string? notRun, string? section)
    {
        var doc = new MarkdownDocument($"Pool configuration evidence — {o.Environment}")
            .Paragraph($"Proof that the API's database pool is effective, not only configured: while the pool profile keeps at least {o.Database.ExpectedPoolSize} " +
                       "requests in flight, a separate monitoring connection samples `pg_stat_activity` (filtered by database, user and the API's " +
                       "application_name unless dbApplicationName is empty, excluding itself). Connection parameters are shown without secrets.")
            .Heading("Parameters")
            .KeyValues([("API", o.ApiBaseUrl.ToString()), ("expected pool size", o.Database.ExpectedPoolSize.ToString()),
                ("application_name filter", o.Database.ApplicationNameFilter), ("monitoring connection", o.Database.IsConfigured ? "set (secret, environment only)" : "not set")]);
        if (notRun is not null) doc.Heading("Not run").Paragraph(notRun);
        if (section is not null) doc.Paragraph(section.TrimEnd());
        return doc;
    }
}
