using Sirim.Verification.Core.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Tests;

/// <summary>
/// The page map: the committed maps load, every problem of a broken one is listed at once with a pinned message, the
/// options factory refuses to start without a good one, and the E2E code keeps none of the default map's conventions.
/// </summary>
public sealed class PageMapTests
{
    private static readonly string Root = RepositoryRoot.Find();
    private static string DefaultPath => Path.Combine(Root, "scenarios", "e2e", "page-map.json");
    private static string AltPath => Path.Combine(Root, "scenarios", "e2e", "page-map-alt.json");

    private static E2EPageMap LoadOk(string path)
    {
        var (map, errors) = PageMapLoader.Load(path);
        Assert.That(errors, Is.Empty, path);
        return map!;
    }

    [Test]
    public void Default_map_is_todays_reference_frontend_and_api()
    {
        var map = LoadOk(DefaultPath);
        Assert.Multiple(() =>
        {
            Assert.That(map.Selectors.Keys, Is.EquivalentTo(PageRoles.All));
            Assert.That(map.Selector(PageRoles.LoginEmail), Is.EqualTo("[data-testid=login-email]"));
            Assert.That(map.Selector(PageRoles.DashboardUserName), Is.EqualTo("[data-testid=user-name]"));
            Assert.That(map.Selector(PageRoles.EmpresaSelected), Is.EqualTo("[data-testid=empresa-item][aria-current=true]"));
            Assert.That((map.Attribute(PageRoles.EmpresaIdAttribute), map.Attribute(PageRoles.GastoIdAttribute)), Is.EqualTo(("data-empresa-id", "data-gasto-id")));
            Assert.That(map.Token, Is.EqualTo(new TokenStorage("sessionStorage", "sirim.accessToken")));
            Assert.That(map.Format, Is.EqualTo(new UiFormat("es-DO", "America/Santo_Domingo", '.', '.', "yyyy-MM-dd", "yyyy-MM-dd")));
            Assert.That(map.Data, Is.EqualTo(new TestDataValues("servicios", "otros", 1234.56m, 2500.75m, 77.10m,
                "{tag} UI {suffix}", "{tag} API {suffix}", "{tag} UI {suffix} editado")));
            Assert.That(map.Api.Me, Is.EqualTo(new ApiRoute("/api/me", NamePointer: "/name")));
            Assert.That(map.Api.Empresas, Is.EqualTo(new ApiRoute("/api/empresas")));
            Assert.That(map.Api.GastosByEmpresa, Is.EqualTo(new ApiRoute("/api/gastos?empresaId={empresaId}&page={page}&pageSize={pageSize}", "/items", "/total")));
            Assert.That((map.Api.GastoById.Fill(42), map.Api.GastoCreate.Fill(), map.Api.GastoDelete.Fill(42)), Is.EqualTo(("/api/gastos/42", "/api/gastos", "/api/gastos/42")));
        });
    }

    [Test]
    public void Alt_map_differs_exactly_in_test_ids_token_storage_and_list_wrapping()
    {
        var standard = LoadOk(DefaultPath);
        var alt = LoadOk(AltPath);
        Assert.Multiple(() =>
        {
            foreach (var role in PageRoles.All)
                Assert.That(alt.Selector(role), Is.EqualTo(standard.Selector(role).Replace("[data-testid=", "[data-qa=sirim-")), role);
            Assert.That(alt.Selector(PageRoles.LoginEmail), Is.EqualTo("[data-qa=sirim-login-email]"));
            Assert.That(alt.Token, Is.EqualTo(new TokenStorage("localStorage", "sirim.auth")));
            Assert.That(alt.Api.Empresas, Is.EqualTo(standard.Api.Empresas with { ItemsPointer = "/data" }));
            Assert.That(alt.Api.GastosByEmpresa, Is.EqualTo(standard.Api.GastosByEmpresa with { ItemsPointer = "/data", TotalPointer = "/meta/total" }));
            Assert.That((alt.Api.Me, alt.Api.GastoById, alt.Api.GastoCreate, alt.Api.GastoDelete),
                Is.EqualTo((standard.Api.Me, standard.Api.GastoById, standard.Api.GastoCreate, standard.Api.GastoDelete)));
            Assert.That(alt.Attributes, Is.EqualTo(standard.Attributes));
            Assert.That((alt.Format, alt.Data), Is.EqualTo((standard.Format, standard.Data)));
        });
    }

    /// <summary>One change to the default map (a JSON path and the new value; null removes the key) and the exact errors it must give.</summary>
    public static IEnumerable<TestCaseData> BrokenMaps()
    {
        TestCaseData Case(string name, (string Path, JsonNode? Value)[] changes, params string[] errors) =>
            new TestCaseData(changes, errors).SetName(name);

        const string selectorAllowed = "give a Playwright selector such as \"#email\" or \"form [name=email]\"";
        yield return Case("missing selector", [("selectors.login.email", null)],
            $"selectors.login.email: missing; the flows need it; {selectorAllowed}");
        yield return Case("empty selector", [("selectors.login.email", "  ")],
            $"selectors.login.email: empty; the flows need it; {selectorAllowed}");
        yield return Case("selector with an open bracket", [("selectors.dashboard.userName", "[data-testid=user-name")],
            $"selectors.dashboard.userName: '[data-testid=user-name' is not a selector; '[' is not closed; {selectorAllowed}");
        yield return Case("selector with an open quote", [("selectors.gastos.row", "[data-testid=\"gasto-row]")],
            $"selectors.gastos.row: '[data-testid=\"gasto-row]' is not a selector; the quote \" is not closed; {selectorAllowed}");
        yield return Case("selector closing nothing", [("selectors.gastos.edit", "button)")],
            $"selectors.gastos.edit: 'button)' is not a selector; ')' closes nothing; {selectorAllowed}");
        yield return Case("misspelled role", [("selectors.login.mail", "#mail")],
            "selectors.login.mail: unknown key; the page map has no such entry (a misspelling?); known roles: view, email, password, submit, error");
        yield return Case("missing role group", [("selectors.gastoForm", null)],
            "selectors.gastoForm: missing; the flows use the roles fecha, concepto, monto, categoria, save, cancel, error; give an object of role → selector");
        yield return Case("attribute that is not a name", [("attributes.gastoId", "data gasto id")],
            "attributes.gastoId: 'data gasto id' is not an attribute name; the flows read the record's id from it; use letters, digits, '-', '_', ':' or '.', e.g. \"data-id\"");
        yield return Case("unknown storage kind", [("token.storage", "cookie")],
            "token.storage: 'cookie' is not a storage kind; the flows read and change the token in the page's web storage; use sessionStorage or localStorage");
        yield return Case("missing token key", [("token.key", null)],
            "token.key: missing; the flows need it; give the storage key the frontend keeps the token under");
        yield return Case("bad locale", [("format.locale", "es_DO")],
            "format.locale: 'es_DO' is not a language tag; the browser runs with it; give a BCP 47 language tag (language-REGION)");
        yield return Case("bad decimal separator", [("format.decimalSeparator", ";")],
            "format.decimalSeparator: ';' is not a decimal separator; amounts are compared as numbers; use \".\" or \",\"");
        yield return Case("date format without the year", [("format.dateShown", "dd/MM")],
            "format.dateShown: 'dd/MM' is not a date format that keeps day, month and year; UI dates are compared with the API's; give one such as \"yyyy-MM-dd\" or \"dd/MM/yyyy\"");
        yield return Case("concepto without the run's tag", [("testData.conceptoUi", "UI {suffix}")],
            "testData.conceptoUi: 'UI {suffix}' lacks {tag}; cleanup removes only what carries the run's tag; e.g. \"{tag} UI {suffix}\"");
        yield return Case("concepto with an unknown placeholder", [("testData.conceptoApi", "{tag} {run} {suffix}")],
            "testData.conceptoApi: unknown placeholder {run}; a concepto is filled with the run's tag and a suffix only; allowed: {tag}, {suffix}");
        yield return Case("amount with a third decimal", [("testData.monto", 1.234m)],
            "testData.monto: 1.234 is not an amount; the UI and the API compare it to the cent; give a positive number with at most 2 decimals");
        yield return Case("route without a leading slash", [("api.me.path", "api/me")],
            "api.me.path: 'api/me' does not start with '/'; a route is a path on apiBaseUrl; e.g. \"/items/{id}\"");
        yield return Case("route with an unknown placeholder", [("api.gastoById.path", "/api/gastos/{gastoId}")],
            "api.gastoById.path: unknown placeholder {gastoId}; the flows fill only the values a route needs; allowed here: {id}",
            "api.gastoById.path: '/api/gastos/{gastoId}' lacks {id}; the flows fill it with the record they address; allowed here: {id}");
        yield return Case("route with a placeholder of another route", [("api.empresas.path", "/api/empresas?page={page}")],
            "api.empresas.path: placeholder {page} does not apply to this route; the flows fill only the values a route needs; allowed here: none");
        yield return Case("items pointer that is not a pointer", [("api.gastosByEmpresa.itemsPointer", "data")],
            "api.gastosByEmpresa.itemsPointer: 'data' is not a JSON Pointer; the flows read the answer there; give \"\" (the whole body) or a pointer starting with '/', e.g. \"/data\"");
        yield return Case("missing route", [("api.gastoDelete", null)],
            "api.gastoDelete: missing; the flows call or compare with this route; give {\"path\": \"/…\"}");
        yield return Case("missing section", [("format", null)],
            "format: missing; a page map has the sections selectors, attributes, token, format, testData, api; see scenarios/e2e/page-map.json");
        yield return Case("every problem at once",
            [("selectors.login.submit", ""), ("token.storage", "indexedDB"), ("api.gastoById.path", "gastos/{id}"), ("colours", "red")],
            "colours: unknown key; the page map has no such entry (a misspelling?); known sections: selectors, attributes, token, format, testData, api, description",
            $"selectors.login.submit: empty; the flows need it; {selectorAllowed}",
            "token.storage: 'indexedDB' is not a storage kind; the flows read and change the token in the page's web storage; use sessionStorage or localStorage",
            "api.gastoById.path: 'gastos/{id}' does not start with '/'; a route is a path on apiBaseUrl; e.g. \"/items/{id}\"");
    }

    [TestCaseSource(nameof(BrokenMaps))]
    public void Broken_map_lists_every_problem((string Path, JsonNode? Value)[] changes, string[] expected)
    {
        var root = JsonNode.Parse(File.ReadAllText(DefaultPath))!.AsObject();
        foreach (var (path, value) in changes)
        {
            var parts = path.Split('.');
            var parent = parts[..^1].Aggregate(root, (node, key) => node[key]!.AsObject());
            if (value is null) parent.Remove(parts[^1]);
            else parent[parts[^1]] = value;
        }
        var (map, errors) = PageMapLoader.Parse(root.ToJsonString(), "test");
        Assert.That(errors, Is.EqualTo(expected));
        Assert.That(map, Is.Null);
    }

    [Test]
    public void Not_json_is_one_clear_line() =>
        Assert.That(PageMapLoader.Parse("{ \"selectors\": ", "test").Errors.Single(),
            Does.StartWith("not valid JSON (").And.EndWith("); a page map is one JSON object; see scenarios/e2e/page-map.json"));

    [Test]
    public void Options_factory_loads_the_map_before_anything_runs_and_names_the_setting_when_it_is_wrong()
    {
        var env = new Dictionary<string, string>
        {
            ["SIRIM_API_URL"] = "http://127.0.0.1:5080", ["SIRIM_FRONTEND_URL"] = "http://127.0.0.1:5081", ["SIRIM_RUN_ID"] = "r1",
        };
        TargetOptions Target() => TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null)).Options!;

        var (ok, okErrors) = E2EOptions.Load(Target(), Root);
        Assert.That(okErrors, Is.Empty);
        Assert.That(ok!.PageMap.Source, Is.EqualTo(DefaultPath));

        env["SIRIM_E2E_PAGE_MAP"] = "scenarios/e2e/page-map-alt.json";
        Assert.That(E2EOptions.Load(Target(), Root).Options!.PageMap.Token.Storage, Is.EqualTo("localStorage"));

        env["SIRIM_E2E_PAGE_MAP"] = "scenarios/e2e/no-such-map.json";
        env["SIRIM_E2E_RETRIES"] = "9";
        var (none, errors) = E2EOptions.Load(Target(), Root);
        Assert.That(none, Is.Null);
        Assert.That(errors, Is.EqualTo(new[]
        {
            "e2eRetries (SIRIM_E2E_RETRIES): '9' is not a whole number from 0 to 5.",
            $"e2ePageMap (SIRIM_E2E_PAGE_MAP) scenarios/e2e/no-such-map.json: '{Path.Combine(Root, "scenarios/e2e/no-such-map.json")}' not found; " +
            "the E2E flows read their selectors, token storage, formats, test data and API routes from it; give a page map file (relative to the repository root, or absolute)",
        }));
    }

    [Test]
    public void Json_pointers_walk_members_and_indexes()
    {
        using var doc = JsonDocument.Parse("{\"data\":[{\"a/b\":1}],\"meta\":{\"total\":3}}");
        Assert.Multiple(() =>
        {
            Assert.That(JsonPointers.Find(doc.RootElement, "")!.Value.ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(JsonPointers.Find(doc.RootElement, "/data")!.Value.GetArrayLength(), Is.EqualTo(1));
            Assert.That(JsonPointers.Find(doc.RootElement, "/data/0/a~1b")!.Value.GetInt32(), Is.EqualTo(1));
            Assert.That(JsonPointers.Find(doc.RootElement, "/meta/total")!.Value.GetInt32(), Is.EqualTo(3));
            Assert.That(JsonPointers.Find(doc.RootElement, "/items"), Is.Null);
            Assert.That(JsonPointers.Find(doc.RootElement, "/data/1"), Is.Null);
        });
    }

    /// <summary>
    /// The conventions live in the map only: no source file of the E2E library carries a selector, test id, id
    /// attribute, token key, locale, time zone or route of the default map.
    /// </summary>
    [Test]
    public void E2E_code_keeps_no_convention_of_the_default_map()
    {
        var map = LoadOk(DefaultPath);
        var testIds = map.Selectors.Values.SelectMany(s => System.Text.RegularExpressions.Regex.Matches(s, @"data-testid=([\w-]+)").Select(m => m.Groups[1].Value));
        var routes = new[] { map.Api.Me, map.Api.Empresas, map.Api.GastosByEmpresa, map.Api.GastoById, map.Api.GastoCreate, map.Api.GastoDelete }
            .Select(r => ApiRoute.WithoutQuery(r.Path).Split('{')[0].TrimEnd('/'));
        var forbidden = map.Selectors.Values.Select(s => $"\"{s}\"").Concat(testIds.Select(id => $"\"{id}\"")).Append("data-testid").Append("GetByTestId")
            .Concat(map.Attributes.Values).Append(map.Token.Key).Append(map.Format.Locale).Append(map.Format.TimeZone)
            .Append($"\"{map.Data.Categoria}\"").Append($"\"{map.Data.ApiCategoria}\"")
            .Concat(routes).Distinct().ToList();
        var source = Path.Combine(Root, "src", "Sirim.Verification.E2E");
        var found = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .SelectMany(f => forbidden.Where(File.ReadAllText(f).Contains).Select(x => $"{Path.GetRelativePath(source, f)}: {x}"))
            .ToList();
        Assert.That(found, Is.Empty, "conventions of the deployment belong in scenarios/e2e/page-map.json");
    }
}
