using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Flows;

/// <summary>scenarios/e2e/empresas_list.md: the empresas the UI lists equal what the API returns for that user.</summary>
public sealed class EmpresasFlow : IFlow
{
    public string Id => "empresas_list";
    public string Title => "The empresas list in the UI equals what the API returns";
    public bool Mutates => false;

    public async Task<IReadOnlyList<CheckOutcome>> RunAsync(FlowContext f)
    {
        await f.StepAsync("open the frontend and log in", async () => { await f.OpenAsync(); await f.LoginAsync(); });
        List<(long, string)> ui = [];
        await f.StepAsync("read the empresas list", async () =>
        {
            await f.Element(PageRoles.EmpresaItem).First.WaitForAsync();
            var idAttribute = f.Map.Attribute(PageRoles.EmpresaIdAttribute);
            foreach (var item in await f.Element(PageRoles.EmpresaItem).AllAsync())
            {
                var id = long.TryParse(await item.GetAttributeAsync(idAttribute), out var v) ? v : -1;
                var name = (await f.Within(item, PageRoles.EmpresaItemName).First.TextContentAsync())?.Trim() ?? "";
                ui.Add((id, name));
            }
            await f.ScreenshotAsync("empresas list");
        });
        List<(long, string)> api = [];
        await f.StepAsync($"GET {f.Map.Api.Empresas.Path} as the same user", async () =>
            api = (await f.Api.EmpresasAsync(f.Cancellation)).Select(e => (e.Id, e.Nombre)).ToList());
        return [EmpresasMatchApi.Evaluate(Id, f.Map.Api.Empresas.Path, ui, api)];
    }
}
