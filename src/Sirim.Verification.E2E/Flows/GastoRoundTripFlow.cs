using Microsoft.Playwright;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Flows;

/// <summary>
/// scenarios/e2e/gasto_round_trip.md: a gasto created in the UI is read through the API (front→back); one created
/// through the API is found in the UI (back→front); editing and deleting it in the UI reaches the API. Everything it
/// creates carries the run's tag and is accounted for by the runner's cleanup afterwards, even after a failure.
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
        var data = f.Map.Data;
        var format = f.Map.Format;
        var routes = f.Map.Api;
        var suffix = Guid.NewGuid().ToString("N")[..6];
        string Concepto(string template) => TestDataValues.Concepto(template, f.Options.DataTag, suffix);
        long empresaId = 0;
        await f.StepAsync("open the frontend and log in", async () =>
        {
            await f.OpenAsync();
            await f.LoginAsync();
            var selected = f.Element(PageRoles.EmpresaSelected);
            await selected.WaitForAsync();
            empresaId = await f.IdOfAsync(selected, PageRoles.EmpresaIdAttribute);
        });

        // front → back
        var created = new GastoView(null, null, Concepto(data.ConceptoUi), data.Monto, data.Categoria);
        long uiId = 0;
        await f.StepAsync("create a gasto in the UI", async () =>
        {
            var fecha = format.InputDateToApi(await f.Element(PageRoles.FormFecha).InputValueAsync());
            created = created with { Fecha = fecha };
            await f.Element(PageRoles.FormConcepto).FillAsync(created.Concepto!);
            await f.Element(PageRoles.FormMonto).FillAsync(format.FormatAmountInput(created.Monto!.Value));
            await f.Element(PageRoles.FormCategoria).SelectOptionAsync(created.Categoria!);
            await f.Element(PageRoles.FormSave).ClickAsync();
            var row = await FindRowAsync(f, ByConcepto(f, created.Concepto!));
            uiId = await f.IdOfAsync(row!, PageRoles.GastoIdAttribute);
            f.Api.TrackCreatedInUi(uiId, "its id on the new row of the gastos list in the UI, after saving the form");
            await f.ScreenshotAsync("gasto created in the UI");
        });
        await f.StepAsync($"read it through the API (GET {routes.GastoById.Path})", async () =>
        {
            var (_, gasto) = await f.Api.GetGastoAsync(uiId, f.Cancellation);
            outcomes.Add(GastoAgrees.Evaluate(GastoAgrees.UiToApi, Id, $"created in the UI, GET {routes.GastoById.Fill(uiId)}", created with { Id = uiId },
                gasto is null ? null : new GastoView(gasto.Id, gasto.Fecha, gasto.Concepto, gasto.Monto, gasto.Categoria), "the API"));
        });

        // back → front
        await f.StepAsync("create a gasto through the API and find it in the UI", async () =>
        {
            var apiGasto = await f.Api.CreateGastoAsync(empresaId, Concepto(data.ConceptoApi), data.MontoApi, data.ApiCategoria, f.Cancellation);
            await f.Page.ReloadAsync();
            await f.DashboardLoadedAsync();
            var row = await FindRowAsync(f, Row(f, apiGasto.Id), required: false);
            outcomes.Add(GastoAgrees.Evaluate(GastoAgrees.ApiToUi, Id, $"created by POST {routes.GastoCreate.Path} (id {apiGasto.Id}), shown in the UI",
                new GastoView(apiGasto.Id, apiGasto.Fecha, apiGasto.Concepto, apiGasto.Monto, apiGasto.Categoria),
                row is null ? null : await ReadRowAsync(f, row), "the UI"));
            await f.ScreenshotAsync("gasto created through the API, shown in the UI");
        });

        // edit and delete in the UI
        var edited = created with { Id = uiId, Concepto = Concepto(data.ConceptoEdited), Monto = data.MontoEdited };
        await f.StepAsync("edit the UI gasto in the UI", async () =>
        {
            var row = await FindRowAsync(f, Row(f, uiId));
            await f.Within(row!, PageRoles.GastoEdit).ClickAsync();
            await f.Element(PageRoles.FormCancel).WaitForAsync();
            await f.Element(PageRoles.FormConcepto).FillAsync(edited.Concepto!);
            await f.Element(PageRoles.FormMonto).FillAsync(format.FormatAmountInput(edited.Monto!.Value));
            await f.Element(PageRoles.FormSave).ClickAsync();
            // Either the list shows the edited row, or the form shows why the API refused it (then the API check says what it kept).
            await ByConcepto(f, edited.Concepto!).Or(f.Element(PageRoles.FormError).Filter(new() { HasTextRegex = new(@"\S") })).First.WaitForAsync();
            if (await f.VisibleAsync(PageRoles.FormError)) await f.ScreenshotAsync("the edit form shows an error");
            var (_, gasto) = await f.Api.GetGastoAsync(uiId, f.Cancellation);
            outcomes.Add(GastoAgrees.Evaluate(GastoAgrees.EditReachesApi, Id, $"edited in the UI, GET {routes.GastoById.Fill(uiId)}", edited,
                gasto is null ? null : new GastoView(gasto.Id, gasto.Fecha, gasto.Concepto, gasto.Monto, gasto.Categoria), "the API"));
        });
        await f.StepAsync("delete it in the UI", async () =>
        {
            var row = await FindRowAsync(f, Row(f, uiId));
            await f.Within(row!, PageRoles.GastoDelete).ClickAsync();
            await row!.WaitForAsync(new() { State = WaitForSelectorState.Detached });
            var (exchange, _) = await f.Api.GetGastoAsync(uiId, f.Cancellation);
            var deletePath = ApiRoute.WithoutQuery(routes.GastoDelete.Fill(uiId));
            var pageDeletes = f.Recorder.Observation().ApiCalls
                .Where(c => c.Method == "DELETE" && ApiRoute.WithoutQuery(c.PathAndQuery).TrimEnd('/').EndsWith(deletePath, StringComparison.Ordinal))
                .Select(c => c.Status).ToList();
            outcomes.Add(GastoAgrees.Deleted(Id, routes.GastoById.Fill(uiId), deletePath, exchange.Status, pageDeletes));
            await f.ScreenshotAsync("after deleting in the UI");
        });
        return outcomes;
    }

    internal static ILocator Row(FlowContext f, long id) => f.ById(PageRoles.GastoRow, PageRoles.GastoIdAttribute, id);

    private static ILocator ByConcepto(FlowContext f, string concepto) =>
        f.Element(PageRoles.GastoRow).Filter(new() { Has = f.Element(PageRoles.GastoConceptoCell).Filter(new() { HasTextString = concepto }) });

    /// <summary>Waits for <paramref name="row"/> on the current page, then pages forward (bounded) until it shows.</summary>
    internal static async Task<ILocator?> FindRowAsync(FlowContext f, ILocator row, bool required = true)
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
                f.ThrowIfApiDown(); // the list did not load: paging on would wait out every page
                var next = f.Element(PageRoles.GastoNextPage);
                if (!await next.IsEnabledAsync()) break;
                await next.ClickAsync();
            }
        }
        if (required) throw new E2EFlowException($"no row matching {row} on the first {MaxPages} pages of the gastos list");
        return null;
    }

    /// <summary>A row as the UI shows it, with dates and amounts read by the page map's formats.</summary>
    private static async Task<GastoView> ReadRowAsync(FlowContext f, ILocator row)
    {
        async Task<string> Cell(string role) => (await f.Within(row, role).TextContentAsync())?.Trim() ?? "";
        var format = f.Map.Format;
        return new GastoView(await f.IdOfAsync(row, PageRoles.GastoIdAttribute), format.ShownDateToApi(await Cell(PageRoles.GastoFechaCell)),
            await Cell(PageRoles.GastoConceptoCell), format.ParseAmount(await Cell(PageRoles.GastoMontoCell)), await Cell(PageRoles.GastoCategoriaCell));
    }
}
