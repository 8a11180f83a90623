using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Authz.Checks;

/// <summary>
/// list_filter_respected: every item on every page of an empresa's list carries that empresa (at authzListFilterPointer).
/// An item of another empresa in the answer is another company's data handed out through a filter the server was
/// trusted to apply (OWASP API1 broken object level authorization on lists, API3 excessive data exposure).
/// </summary>
public sealed class ListFilterRespected(string filterPointer, string idPointer)
{
    public string Id => AuthzChecks.ListFilter;

    public CheckOutcome Evaluate(ListWalk walk)
    {
        var subject = $"{walk.Operation} as {AuthzProber.VerificationUser}, empresa {walk.EmpresaId}";
        var expected = $"every item with {filterPointer} = {walk.EmpresaId}";
        var pages = ListPages.Read(walk);
        if (pages.Problem is { } problem)
            return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.High, expected, problem.Text,
                "the verification user must be able to list authzForeignEmpresaId page by page (authzListPaging)", problem.Exchange);
        var items = pages.Items;
        var unknown = items.Count(i => JsonValues.At(i.Item, filterPointer) is null);
        var foreign = items.Where(i => JsonValues.At(i.Item, filterPointer) is { } v && v != walk.EmpresaId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        if (foreign.Count > 0)
            return CheckOutcome.Fail(AuthzChecks.Gate, Id, subject, Severity.Critical, expected,
                $"{foreign.Count} of {items.Count} item(s) of other empresas: " + string.Join(", ", foreign.Take(5).Select(i =>
                    $"{JsonValues.At(i.Item, idPointer)} ({filterPointer.TrimStart('/')} {JsonValues.At(i.Item, filterPointer)}, page {i.Page})")) + (foreign.Count > 5 ? ", …" : ""),
                "the list's query widens the filter (an OR, a dropped WHERE on some path): filter on the asked empresa only, in the count and in the page",
                walk.Pages[foreign[0].Page - 1]);
        if (items.Count > 0 && unknown == items.Count)
            return CheckOutcome.NotApplicable(AuthzChecks.Gate, Id, subject, $"no item carries {filterPointer} (authzListFilterPointer): the filter cannot be checked");
        return CheckOutcome.Pass(AuthzChecks.Gate, Id, subject, Severity.Critical, walk.Pages[^1]) with
            { Actual = $"{items.Count} item(s) over {walk.Pages.Count} page(s), all of empresa {walk.EmpresaId}" + (unknown > 0 ? $" ({unknown} without {filterPointer})" : "") };
    }
}
