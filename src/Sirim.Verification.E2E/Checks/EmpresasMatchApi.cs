using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// <c>empresas_match_api</c>: the empresas the UI lists are exactly those the API returns for the same user (same ids,
/// same names): the UI neither hides nor invents data.
/// </summary>
public static class EmpresasMatchApi
{
    public const string Id = "empresas_match_api";

    /// <param name="route">The empresas route of the page map (api.empresas), as messages show it.</param>
    public static CheckOutcome Evaluate(string flow, string route, IReadOnlyList<(long Id, string Name)> ui, IReadOnlyList<(long Id, string Name)> api)
    {
        var subject = $"flow {flow}: empresas list vs GET {route}";
        string Show(IEnumerable<(long Id, string Name)> l) => string.Join(", ", l.OrderBy(e => e.Id).Select(e => $"{e.Id} {e.Name}"));
        var onlyUi = ui.Where(u => !api.Contains(u)).ToList();
        var onlyApi = api.Where(a => !ui.Contains(a)).ToList();
        if (onlyUi.Count == 0 && onlyApi.Count == 0 && ui.Count == api.Count)
            return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity.High);
        var diff = new List<string>();
        if (onlyApi.Count > 0) diff.Add("missing in the UI: " + Show(onlyApi));
        if (onlyUi.Count > 0) diff.Add("not returned by the API: " + Show(onlyUi));
        if (ui.Count != ui.Distinct().Count()) diff.Add("the UI lists an empresa twice");
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity.High,
            $"{api.Count} empresas: {Show(api)}", $"{ui.Count} in the UI; {string.Join("; ", diff)}",
            "The UI and the API disagree on what this user may see: a stale frontend build, a client-side filter or another API.");
    }
}
