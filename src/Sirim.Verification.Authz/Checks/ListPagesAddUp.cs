using System.Globalization;
using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Authz.Checks;

/// <summary>
/// list_pages_add_up: walking an empresa's list page by page (authzListPaging, at most inventoryMaxPages pages) yields
/// every item once: no id on two pages, and as many distinct items as the answer's total (authzListTotalPointer) says.
/// A total that counts other empresas' rows discloses them (OWASP API3); a repeated or skipped item means a client
/// that pages never sees some data (and an export misses or doubles it).
/// </summary>
public sealed class ListPagesAddUp(string idPointer, string totalPointer)
{
    public string Id => AuthzChecks.ListPages;

    public CheckOutcome Evaluate(ListWalk walk)
    {
        var subject = $"{walk.Operation} as {AuthzProber.VerificationUser}, empresa {walk.EmpresaId}";
        var pages = ListPages.Read(walk);
        if (pages.Problem is { } problem)
            return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.High, "every page of the list readable", problem.Text,
                "the verification user must be able to list authzForeignEmpresaId page by page (authzListPaging)", problem.Exchange);
        var ids = pages.Items.Select(i => (Id: JsonValues.At(i.Item, idPointer), i.Page)).ToList();
        var duplicates = ids.Where(i => i.Id is not null).GroupBy(i => i.Id).Where(g => g.Count() > 1).ToList();
        var distinct = ids.Select(i => i.Id).Distinct().Count();
        var total = totalPointer.Length == 0 ? null : JsonValues.At(JsonValues.Parse(walk.Pages[0].Response!.Body), totalPointer);
        var expected = total is null ? "no item on two pages" : $"no item on two pages, and {total} distinct item(s) ({totalPointer}) over all pages";
        if (duplicates.Count > 0)
            return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.High, expected,
                $"{duplicates.Count} item(s) on more than one page: " + string.Join(", ", duplicates.Take(5).Select(g => $"{g.Key} (pages {string.Join(" and ", g.Select(x => x.Page))})")),
                "the page offset is off (an item repeats across the page boundary, and another is never shown): offset = (page - 1) × pageSize with a stable order",
                walk.Pages[duplicates[0].Last().Page - 1]);
        if (total is not null)
        {
            if (!long.TryParse(total, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
                return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.Medium, expected, $"{totalPointer} is '{total}', not a count", "the total must be a whole number", walk.Pages[0]);
            if (!walk.ReachedEnd)
                return CheckOutcome.NotApplicable(AuthzChecks.Gate, Id, subject,
                    $"stopped after {walk.MaxPages} page(s) (inventoryMaxPages) with {distinct} of {count} item(s): the pages cannot be added up");
            if (count != distinct)
                return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.High, expected,
                    $"{distinct} distinct item(s) over {walk.Pages.Count} page(s), but {totalPointer} says {count}",
                    count > distinct
                        ? "the total counts rows the pages do not hand out (other empresas' rows?): count with the same filter as the page query"
                        : "the pages hand out rows the total does not count: count and page with the same filter",
                    walk.Pages[0]);
        }
        return CheckOutcome.Pass(AuthzChecks.Gate, Id, subject, Severity.High, walk.Pages[0]) with
            { Actual = $"{distinct} distinct item(s) over {walk.Pages.Count} page(s)" + (total is null ? (totalPointer.Length == 0 ? "" : $"; the answer carries no {totalPointer}") : $", as {totalPointer} says") };
    }
}
