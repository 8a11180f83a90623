using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Cleanup;

/// <summary>
/// Everything a run knows about the data it created: each tracked resource's fate, the inventory's leftovers and
/// which collections the inventory could (not) list. "Nothing left" is said only when both agree that nothing is left;
/// <see cref="InventoryConfirms"/> is false when a collection written to could not be listed whole before and after.
/// </summary>
public sealed record CleanupAccount(
    string Gate,
    string RunTag,
    IReadOnlyList<CleanupResult> Results,
    IReadOnlyList<Leftover> Leftovers,
    IReadOnlyList<string> InventoryNotes,
    Func<string, Uri, ExchangeRequest>? RequestFor = null,
    bool InventoryConfirms = true)
{
    public const string CheckId = "test_data_cleaned_up";

    /// <summary>Most leftovers a failure names one by one (a load run may leave thousands; the evidence lists them all).</summary>
    public const int NamedInFailure = 20;

    public static CleanupAccount Empty(string gate, string runTag, string note) => new(gate, runTag, [], [], [note]);

    /// <summary>Several cleanups of one run (one per flow attempt, say) as one account: nothing left only when none left anything.</summary>
    public static CleanupAccount Combine(string gate, string runTag, IReadOnlyList<CleanupAccount> accounts) =>
        accounts.Count == 1 ? accounts[0] : new(gate, runTag, accounts.SelectMany(a => a.Results).ToList(), accounts.SelectMany(a => a.Leftovers).ToList(),
            accounts.SelectMany(a => a.InventoryNotes).Distinct().ToList(), accounts.Select(a => a.RequestFor).FirstOrDefault(r => r is not null),
            accounts.All(a => a.InventoryConfirms));

    public IReadOnlyList<CleanupResult> NotGone => Results.Where(r => !r.Gone).ToList();

    /// <summary>Leftovers the tracked cleanup did not already report (the inventory found them on its own).</summary>
    public IReadOnlyList<Leftover> UntrackedLeftovers =>
        Leftovers.Where(l => !NotGone.Any(r => r.Resource.Collection == l.Collection && r.Resource.Id == l.Id)).ToList();

    public bool NothingLeft => NotGone.Count == 0 && Leftovers.Count == 0;

    /// <summary>
    /// <c>test_data_cleaned_up</c>: every resource the run created is gone (read back 404/410) and the inventory finds
    /// no item of the run left in the collections it wrote to. Pure: it judges what the runner and the inventory saw.
    /// </summary>
    public CheckOutcome Judge(Severity severity = Severity.High)
    {
        var subject = $"{Results.Count} resource(s) created by run {RunTag}";
        if (NothingLeft)
            return CheckOutcome.Pass(Gate, CheckId, subject, severity);
        var remaining = NotGone.Select(r => $"{r.Resource.Key} (created by {r.Resource.CreatedBy}): {r.Verification}")
            .Concat(UntrackedLeftovers.Select(l => $"{l.Collection}/{l.Id} ({(l.Tracked ? "tracked" : "not tracked by the run")}): {l.Why}")).ToList();
        return CheckOutcome.Fail(Gate, CheckId, subject, severity,
            "every resource the run created deleted and read back as 404/410, and no item of the run left in the collections it wrote to",
            $"{remaining.Count} left: " + string.Join("; ", remaining.Take(NamedInFailure)) +
            (remaining.Count > NamedInFailure ? $"; … and {remaining.Count - NamedInFailure} more (all listed in the evidence)" : ""),
            "The deployment kept data the run created: its DELETE does not remove it (or the run could not find its id). " +
            "Remove each with the DELETE line of the evidence, then fix the delete.",
            NotGone.SelectMany(r => r.Exchanges).LastOrDefault());
    }

    /// <summary>The evidence section: each tracked resource (created by, deleted or not, how verified), the inventory, what remains and how to remove it.</summary>
    public MarkdownDocument Render(MarkdownDocument doc, Redactor redactor, string heading = "Data created by this run and its cleanup", int level = 2)
    {
        doc.Heading(heading, level);
        if (Results.Count == 0) doc.Paragraph("The run tracked no created resource.");
        else doc.Table(["resource", "created by", "deleted", "how verified"], Results.Select(r => (IReadOnlyList<string>)[
            r.Resource.Id is null ? $"{r.Resource.Collection} (no id)" : r.Resource.ItemUrl?.AbsolutePath ?? r.Resource.Key,
            r.Resource.CreatedBy + (r.Resource.FoundBy is { } how ? $"; found by {how}" : ""), r.Gone ? "yes" : "**NO**", r.Verification]));
        doc.Heading("Inventory of the collections written to", level + 1);
        if (InventoryNotes.Count > 0) doc.Bullets(InventoryNotes);
        if (Leftovers.Count == 0) doc.Paragraph("No item of this run found after the cleanup.");
        else doc.Table(["item", "why", "tracked"], Leftovers.Select(l => (IReadOnlyList<string>)[$"{l.Collection}/{l.Id}", l.Why, l.Tracked ? "yes" : "**no**"]));
        if (NothingLeft && !InventoryConfirms)
            return doc.Paragraph("Every tracked resource was deleted and read back as gone, but the inventory could not confirm that nothing " +
                                 "else of the run is left (see the notes above): check those collections by hand.");
        if (NothingLeft)
            return doc.Paragraph(Results.Count == 0
                ? "Nothing left: the run created nothing the ledger or the inventory could find."
                : "Nothing left: every created resource was deleted and read back as gone, and the inventory agrees.");
        doc.Heading("Left behind, and how to remove it", level + 1);
        var lines = NotGone.Select(r => Line(r.Resource.Key, r.Resource.ItemUrl, r.Delete, $"created by {r.Resource.CreatedBy}; {r.Verification}", redactor))
            .Concat(UntrackedLeftovers.Select(l => Line($"{l.Collection}/{l.Id}", l.ItemUrl, null, l.Why + (l.Tracked ? "" : "; not tracked by the run"), redactor)));
        return doc.Code(string.Join("\n", lines), "text");
    }

    private string Line(string what, Uri? url, ExchangeRequest? delete, string why, Redactor redactor)
    {
        var request = delete ?? (url is not null && RequestFor is not null ? RequestFor("DELETE", url) : null);
        // The item URL itself, never a credential the request may carry in its query; header credentials are masked.
        var curl = request is not null && url is not null
            ? new HttpExchange(request with { Url = url }, null, TimeSpan.Zero, DateTimeOffset.MinValue).ToCurl(redactor).Replace("curl -i -X", "curl -X")
            : url is not null ? $"curl -X DELETE '{redactor.Text(url.ToString())}'" : "(no item route: remove it by hand)";
        return $"{what}: {why}\n  {curl}";
    }
}
