using System.Text.Json;
using Microsoft.Playwright;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.PageMap;
using Sirim.Verification.E2E.Xss;

namespace Sirim.Verification.E2E.Flows;

/// <summary>
/// scenarios/e2e/stored_xss.md: stores every payload of the scenario file (setting e2eXssPayloads) in the concepto of a
/// gasto created through the API, opens the gastos list that renders it, and judges whether any payload ran
/// (<see cref="StoredXssNotExecuted"/>) or became elements instead of literal text (<see cref="StoredXssNotRenderedAsMarkup"/>).
/// Every gasto carries the run's tag and is removed by the runner afterwards, even after a failure; read-only mode skips it.
/// </summary>
public sealed class StoredXssFlow : IFlow
{
    public string Id => "stored_xss";
    public string Title => "Markup and script stored through the API are shown as text in the UI and never run";
    public bool Mutates => true;

    /// <summary>The free-text field of a gasto the payloads go into (the page map's gastos.conceptoCell shows it).</summary>
    public const string Field = "concepto";

    // Which payload globals are set, and which payload elements exist (with their tag), in one JSON string.
    private const string Inspect = """
        ([prefix, ids]) => JSON.stringify({
          markers: Object.keys(window).filter((k) => k.startsWith(prefix)),
          elements: Object.fromEntries(ids.filter((id) => document.getElementById(id)).map((id) => [id, document.getElementById(id).tagName.toLowerCase()])),
        })
        """;

    public async Task<IReadOnlyList<CheckOutcome>> RunAsync(FlowContext f)
    {
        var data = f.Map.Data;
        var runId = f.Options.RunId;
        var dialogs = new List<string>();
        f.Page.Dialog += (_, dialog) =>
        {
            lock (dialogs) dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        long empresaId = 0;
        await f.StepAsync("open the frontend and log in", async () =>
        {
            await f.OpenAsync();
            await f.LoginAsync();
            var selected = f.Element(PageRoles.EmpresaSelected);
            await selected.WaitForAsync();
            empresaId = await f.IdOfAsync(selected, PageRoles.EmpresaIdAttribute);
        });

        var probes = new List<XssProbe>();
        await f.StepAsync($"store {f.Options.XssPayloads.Count} payload(s) through the API (POST {f.Map.Api.GastoCreate.Path})", async () =>
        {
            var n = 0;
            foreach (var payload in f.Options.XssPayloads)
            {
                n++;
                var (elementId, marker) = (XssPayloads.ElementId(runId, n), XssPayloads.Marker(runId, n));
                var text = $"{f.Options.DataTag} xss{n} {payload.Render(elementId, marker)}";
                var gasto = await f.Api.CreateGastoAsync(empresaId, text, data.MontoApi, data.ApiCategoria, f.Cancellation);
                probes.Add(new XssProbe(payload.Name, Field, gasto.Id, text, elementId, marker));
            }
        });

        var shown = new Dictionary<string, string?>();
        await f.StepAsync("open the gastos list that renders them", async () =>
        {
            await f.Page.ReloadAsync();
            await f.DashboardLoadedAsync();
            foreach (var p in probes)
            {
                var row = await GastoRoundTripFlow.FindRowAsync(f, GastoRoundTripFlow.Row(f, p.RecordId), required: false);
                shown[p.ElementId] = row is null ? null : await f.Within(row, PageRoles.GastoConceptoCell).TextContentAsync();
            }
            // An image that fails to load reports its error after the request ends: let the page's requests settle.
            await f.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await f.ScreenshotAsync("gastos with stored payloads");
        });

        XssObservation? seen = null;
        await f.StepAsync("look for payloads that ran or became elements", async () =>
        {
            var json = await f.Page.EvaluateAsync<string>(Inspect, new object[] { XssPayloads.MarkerPrefix(runId), probes.Select(p => p.ElementId).ToArray() });
            using var doc = JsonDocument.Parse(json);
            var markers = doc.RootElement.GetProperty("markers").EnumerateArray().Select(m => m.GetString()!).ToList();
            var elements = doc.RootElement.GetProperty("elements").EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetString()!);
            var prefix = XssPayloads.MarkerPrefix(runId);
            var console = f.Recorder.Observation().Console.Where(c => c.Text.Contains(prefix, StringComparison.Ordinal)).Select(c => c.Text).ToList();
            List<string> opened;
            lock (dialogs) opened = dialogs.ToList();
            seen = new XssObservation(markers, opened, console, elements, shown);
        });
        if (seen is null) return [];
        return [StoredXssNotExecuted.Evaluate(Id, probes, seen), StoredXssNotRenderedAsMarkup.Evaluate(Id, probes, seen)];
    }
}
