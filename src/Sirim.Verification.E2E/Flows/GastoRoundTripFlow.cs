using System.Globalization;
using Microsoft.Playwright;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Checks;

namespace Sirim.Verification.E2E.Flows;

/// <summary>
/// scenarios/e2e/gasto_round_trip.md: a gasto created in the UI is read through the API (front→back); one created
/// through the API is found in the UI (back→front); editing and deleting it in the UI reaches the API. Everything it
/// creates carries the run's tag and is removed by the runner afterwards, even after a failure.
/// </summary>
public sealed class GastoRoundTripFlow : IFlow
{
    public string Id => "gasto_round_trip";
    public string Title => "Create, edit and delete a gasto in the UI; the API agrees both ways";
    public bool Mutates => true;

    /// <summary>Bounded search through the list's pages for a row.</summary>
    private const int MaxPages = 10;

    public async Task<IReadOnlyList<CheckOutcome>> RunAsync(FlowContext f)
    {
        var outcomes = new List<CheckOutcome>();
        var suffix = Guid.NewGuid().ToString("N")[..6];
        long empresaId = 0;
        await f.StepAsync("open the frontend and log in", async () =>
        {
            await f.OpenAsync();
            await f.LoginAsync();
            var selected = f.Page.Locator("[data-testid=empresa-item][aria-current=true]");
            await selected.WaitForAsync();
            empresaId = long.Parse((await selected.GetAttributeAsync("data-empresa-id"))!, CultureInfo.InvariantCulture);
        });

        // front → back
        var created = new GastoView(null, null, $"{f.Options.DataTag} UI {suffix}", 1234.56m, "servicios");
        long uiId = 0;
        await f.StepAsync("create a gasto in the UI", async () =>
        {
            var fecha = await f.TestId("gasto-fecha").InputValueAsync();
            created = created with { Fecha = fecha };
            await f.TestId("gasto-concepto").FillAsync(created.Concepto!);
            await f.TestId("gasto-monto").FillAsync(GastoAgrees.Money(created.Monto));
            await f.TestId("gasto-categoria").SelectOptionAsync(created.Categoria!);
            await f.TestId("gasto-save").ClickAsync();
            var row = await FindRowAsync(f, ByConcepto(f, created.Concepto!));
            uiId = long.Parse((await row.GetAttributeAsync("data-gasto-id"))!, CultureInfo.InvariantCulture);
            await f.ScreenshotAsync("gasto created in the UI");
        });
        await f.StepAsync($"read it through the API (GET /api/gastos/{{id}})", async () =>
        {
            var (_, gasto) = await f.Api.GetGastoAsync(uiId, f.Cancellation);
            outcomes.Add(GastoAgrees.Evaluate(GastoAgrees.UiToApi, Id, $"created in the UI, GET /api/gastos/{uiId}", created with { Id = uiId },
                gasto is null ? null : new GastoView(gasto.Id, gasto.Fecha, gasto.Concepto, gasto.Monto, gasto.Categoria), "the API"));
        });

        // back → front
        await f.StepAsync("create a gasto through the API and find it in the UI", async () =>
        {
            var apiGasto = await f.Api.CreateGastoAsync(empresaId, $"{f.Options.DataTag} API {suffix}", 77.10m, f.Cancellation);
            await f.Page.ReloadAsync();
            await f.DashboardLoadedAsync();
            var row = await FindRowAsync(f, f.Page.Locator($"[data-testid=gasto-row][data-gasto-id=\"{apiGasto.Id}\"]"), required: false);
            outcomes.Add(GastoAgrees.Evaluate(GastoAgrees.ApiToUi, Id, $"created by POST /api/gastos (id {apiGasto.Id}), shown in the UI",
                new GastoView(apiGasto.Id, apiGasto.Fecha, apiGasto.Concepto, apiGasto.Monto, apiGasto.Categoria),
                row is null ? null : await ReadRowAsync(row), "the UI"));
            await f.ScreenshotAsync("gasto created through the API, shown in the UI");
        });

        // edit and delete in the UI
        var edited = created with { Id = uiId, Concepto = $"{f.Options.DataTag} UI {suffix} editado", Monto = 2500.75m };
        await f.StepAsync("edit the UI gasto in the UI", async () =>
        {
            var row = await FindRowAsync(f, f.Page.Locator($"[data-testid=gasto-row][data-gasto-id=\"{uiId}\"]"));
            await row!.GetByTestId("gasto-edit").ClickAsync();
            await f.TestId("gasto-cancel").WaitForAsync();
            await f.TestId("gasto-concepto").FillAsync(edited.Concepto!);
            await f.TestId("gasto-monto").FillAsync(GastoAgrees.Money(edited.Monto));
            await f.TestId("gasto-save").ClickAsync();
            // Either the list shows the edited row, or the form shows why the API refused it (then the API check says what it kept).
            await ByConcepto(f, edited.Concepto!).Or(f.TestId("gasto-form-error").Filter(new() { HasTextRegex = new(@"\S") })).First.WaitForAsync();
            if (await f.VisibleAsync("gasto-form-error")) await f.ScreenshotAsync("the edit form shows an error");
            var (_, gasto) = await f.Api.GetGastoAsync(uiId, f.Cancellation);
            outcomes.Add(GastoAgrees.Evaluate(GastoAgrees.EditReachesApi, Id, $"edited in the UI, GET /api/gastos/{uiId}", edited,
                gasto is null ? null : new GastoView(gasto.Id, gasto.Fecha, gasto.Concepto, gasto.Monto, gasto.Categoria), "the API"));
        });
        await f.StepAsync("delete it in the UI", async () =>
        {
            var row = await FindRowAsync(f, f.Page.Locator($"[data-testid=gasto-row][data-gasto-id=\"{uiId}\"]"));
            await row!.GetByTestId("gasto-delete").ClickAsync();
            await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
            var (exchange, _) = await f.Api.GetGastoAsync(uiId, f.Cancellation);
            var pageDeletes = f.Recorder.Observation().ApiCalls
                .Where(c => c.Method == "DELETE" && c.PathAndQuery.TrimEnd('/').EndsWith($"/api/gastos/{uiId}", StringComparison.Ordinal))
                .Select(c => c.Status).ToList();
            outcomes.Add(GastoAgrees.Deleted(Id, uiId, exchange.Status, pageDeletes));
            await f.ScreenshotAsync("after deleting in the UI");
        });
        return outcomes;
    }

    private static ILocator ByConcepto(FlowContext f, string concepto) =>
        f.Page.Locator("[data-testid=gasto-row]", new() { Has = f.Page.Locator("[data-testid=gasto-concepto-cell]", new() { HasTextString = concepto }) });

    /// <summary>Waits for <paramref name="row"/> on the current page, then pages forward (bounded) until it shows.</summary>
    private static async Task<ILocator?> FindRowAsync(FlowContext f, ILocator row, bool required = true)
    {
        for (var page = 1; page <= MaxPages; page++)
        {
            try
            {
                await row.First.WaitForAsync(new() { Timeout = page == 1 ? null : 2000 });
                return row.First;
            }
            catch (TimeoutException) when (page < MaxPages)
            {
                var next = f.TestId("page-next");
                if (!await next.IsEnabledAsync()) break;
                await next.ClickAsync();
            }
        }
        if (required) throw new E2EFlowException($"no row matching {row} on the first {MaxPages} pages of the gastos list");
        return null;
    }

    private static async Task<GastoView> ReadRowAsync(ILocator row)
    {
        async Task<string> Cell(string id) => (await row.GetByTestId(id + "-cell").TextContentAsync())?.Trim() ?? "";
        var id = long.Parse((await row.GetAttributeAsync("data-gasto-id"))!, CultureInfo.InvariantCulture);
        return new GastoView(id, await Cell("gasto-fecha"), await Cell("gasto-concepto"), ParseMoney(await Cell("gasto-monto")), await Cell("gasto-categoria"));
    }

    /// <summary>Reads an amount as the UI formats it for es-DO ("RD$1,234.56"): digits and the decimal point count.</summary>
    public static decimal? ParseMoney(string text)
    {
        var digits = new string(text.Where(c => char.IsAsciiDigit(c) || c == '.').ToArray());
        return decimal.TryParse(digits, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
