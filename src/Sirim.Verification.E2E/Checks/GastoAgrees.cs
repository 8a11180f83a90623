using System.Globalization;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.E2E.Checks;

/// <summary>The fields of a gasto the round trip compares, as one side shows them.</summary>
public sealed record GastoView(long? Id, string? Fecha, string? Concepto, decimal? Monto, string? Categoria);

/// <summary>
/// The round-trip rules: what one side wrote, the other side reads back unchanged. One id per direction:
/// <c>gasto_ui_to_api</c> (created in the UI, read through the API), <c>gasto_api_to_ui</c> (created through the API,
/// found in the UI), <c>gasto_edit_reaches_api</c> (edited in the UI) and <c>gasto_delete_reaches_api</c> (deleted in the UI).
/// </summary>
public static class GastoAgrees
{
    public const string UiToApi = "gasto_ui_to_api";
    public const string ApiToUi = "gasto_api_to_ui";
    public const string EditReachesApi = "gasto_edit_reaches_api";
    public const string DeleteReachesApi = "gasto_delete_reaches_api";

    public static CheckOutcome Evaluate(string checkId, string flow, string subject, GastoView expected, GastoView? actual, string source)
    {
        var fullSubject = $"flow {flow}: {subject}";
        if (actual is null)
            return CheckOutcome.Fail(E2EGate.Name, checkId, fullSubject, Severity.Critical, Show(expected), $"not found in {source}",
                "What one side wrote never reached the other: check the request and its answer in the trace.");
        var diffs = new List<string>();
        if (expected.Id is { } id && actual.Id != id) diffs.Add($"id {actual.Id} (expected {id})");
        if (expected.Fecha is { } f && actual.Fecha != f) diffs.Add($"fecha '{actual.Fecha}' (expected '{f}')");
        if (expected.Concepto is { } c && actual.Concepto != c) diffs.Add($"concepto '{actual.Concepto}' (expected '{c}')");
        if (expected.Monto is { } m && actual.Monto != m) diffs.Add($"monto {Money(actual.Monto)} (expected {Money(m)})");
        if (expected.Categoria is { } k && Fold(actual.Categoria) != Fold(k)) diffs.Add($"categoria '{actual.Categoria}' (expected '{k}')");
        if (diffs.Count == 0) return CheckOutcome.Pass(E2EGate.Name, checkId, fullSubject, Severity.Critical);
        return CheckOutcome.Fail(E2EGate.Name, checkId, fullSubject, Severity.Critical, Show(expected),
            $"{source} shows {string.Join(", ", diffs)}",
            "The UI and the API disagree on a field: a mapping, rounding or formatting defect between frontend and backend.");
    }

    /// <summary>
    /// <c>gasto_delete_reaches_api</c>: after the UI deleted it, the API answers 404 for it (<paramref name="getPath"/>, the
    /// page map's gastoById route). <paramref name="pageDeleteStatuses"/>: the statuses of the page's calls to
    /// <paramref name="deletePath"/> (null: not known), so the message says whether the UI sent one.
    /// </summary>
    public static CheckOutcome Deleted(string flow, string getPath, string deletePath, int? status, IReadOnlyList<int?>? pageDeleteStatuses = null)
    {
        var subject = $"flow {flow}: GET {getPath} after deleting it in the UI";
        if (status == 404) return CheckOutcome.Pass(E2EGate.Name, DeleteReachesApi, subject, Severity.Critical);
        var sent = pageDeleteStatuses switch
        {
            null => "",
            { Count: 0 } => $"; the page sent no DELETE {deletePath}",
            var s => $"; the page's DELETE {deletePath} answered {string.Join(", ", s.Select(x => x?.ToString() ?? "no response"))}",
        };
        return CheckOutcome.Fail(E2EGate.Name, DeleteReachesApi, subject, Severity.Critical, "404",
            (status?.ToString() ?? "no response") + (status == 200 ? " (the gasto is still there)" : "") + sent,
            pageDeleteStatuses is { Count: 0 }
                ? "The UI removed the row without asking the API to delete the gasto: the delete never left the browser."
                : "The UI removed the row but the API still has the gasto (or the API failed).");
    }

    /// <summary>The UI may show the category's label ("Viáticos") for the API's value ("viaticos"): compare case- and accent-blind.</summary>
    public static string Fold(string? text)
    {
        // Explicit map: the suite runs with invariant globalization, where Unicode normalization is not available.
        const string accented = "áéíóúüñàèìòù", plain = "aeiouunaeiou";
        return new string((text ?? "").Trim().ToLowerInvariant().Select(c => accented.IndexOf(c) is var i and >= 0 ? plain[i] : c).ToArray());
    }

    public static string Money(decimal? m) => m?.ToString("0.00", CultureInfo.InvariantCulture) ?? "(none)";

    private static string Show(GastoView g) =>
        string.Join(", ", new[]
        {
            g.Id is { } id ? $"id {id}" : null, g.Fecha is { } f ? $"fecha {f}" : null, g.Concepto is { } c ? $"concepto '{c}'" : null,
            g.Monto is { } m ? $"monto {Money(m)}" : null, g.Categoria is { } k ? $"categoria {k}" : null,
        }.OfType<string>());
}
