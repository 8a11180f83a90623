using Sirim.Verification.LoadGate.Routes;
using Sirim.Verification.Core;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>routes.json: the committed file, the forms a route may take, and every way a route is refused, each message pinned.</summary>
public sealed class RoutesFileTests
{
    private static (IReadOnlyList<CriticalRoute> Routes, IReadOnlyList<string> Errors) One(string route) =>
        RoutesFile.Parse($$"""{ "routes": [ {{route}} ] }""", "routes.json");

    [Test]
    public void The_committed_routes_file_is_the_gastos_list_the_login_and_one_gasto_created_and_deleted()
    {
        var (routes, errors) = RoutesFile.Load(Path.Combine(RepositoryRoot.Find(), "scenarios", "load", "routes.json"));
        Assert.That(errors, Is.Empty);
        Assert.That(routes.Select(r => (r.Name, r.Kind, r.Describe(), r.Weight)), Is.EqualTo(new[]
        {
            ("list_gastos", RouteKind.Request, "GET /api/gastos?empresaId={empresaId}&pageSize=20", 8),
            ("login", RouteKind.Login, "POST login", 1),
            ("write_gasto", RouteKind.Request, "POST /api/gastos", 1),
        }));
        var write = routes[2];
        Assert.Multiple(() =>
        {
            Assert.That(write.Expect, Is.EqualTo(new[] { 201 }));
            Assert.That(write.CreatedIdPointer, Is.EqualTo("/id"));
            Assert.That(write.Cleanup, Is.EqualTo(write.Cleanup! with { Method = "DELETE", Path = "/api/gastos/{id}", ReadBack = "/api/gastos/{id}" }));
            Assert.That(write.Cleanup!.Expect, Is.EqualTo(new[] { 204 }));
            Assert.That(write.Body!.Value.GetProperty("concepto").GetString(), Is.EqualTo("{tag}"), "tagged with the run id");
            Assert.That(write.Mutates, Is.True);
            Assert.That(routes[0].Mutates, Is.False);
            Assert.That(write.Inventory, Is.EqualTo(new InventoryTemplate("/api/gastos?empresaId={empresaId}&page={page}&pageSize=100", "/items", "/id", "/total")),
                "the gastos of the load's empresa, listed page by page before the load and after the cleanup");
        });
    }

    [Test]
    public void The_alt_routes_file_reads_the_list_under_data_and_is_otherwise_the_committed_one()
    {
        var root = RepositoryRoot.Find();
        var (routes, errors) = RoutesFile.Load(Path.Combine(root, "scenarios", "load", "routes.json"));
        var (alt, altErrors) = RoutesFile.Load(Path.Combine(root, "scenarios", "load", "routes-alt.json"));
        Assert.That(errors.Concat(altErrors), Is.Empty);
        Assert.That(alt[2].Inventory, Is.EqualTo(routes[2].Inventory! with { ItemsPointer = "/data", TotalPointer = "/meta/total" }));
        static object Shape(CriticalRoute r) => (r.Name, r.Describe(), r.Weight, r.Body?.GetRawText(), r.CreatedIdPointer,
            r.Cleanup?.Method, r.Cleanup?.Path, r.Cleanup?.ReadBack, string.Join(",", r.Cleanup?.Expect ?? []), r.Inventory?.Path, r.Inventory?.IdPointer);
        Assert.That(alt.Select(Shape), Is.EqualTo(routes.Select(Shape)));
        Assert.That(File.ReadAllText(Path.Combine(root, "runsettings", "reference-alt.runsettings")),
            Does.Contain("""<Parameter name="loadRoutesFile" value="scenarios/load/routes-alt.json" />"""));
    }

    [Test]
    public void An_inventory_takes_its_defaults_the_answer_is_the_array_and_the_id_at_id()
    {
        var (routes, errors) = One("""
            { "name": "add", "method": "POST", "path": "/x", "body": {}, "createdIdPointer": "/id", "cleanup": { "path": "/x/{id}" },
              "inventory": { "path": "/x?owner={loadEmpresaId}" } }
            """);
        Assert.That(errors, Is.Empty);
        Assert.That(routes[0].Inventory, Is.EqualTo(new InventoryTemplate("/x?owner={loadEmpresaId}", "", "/id", null)));
        Assert.That(routes[0].Inventory!.Paged, Is.False, "no {page}: one request lists it");
    }

    [TestCase("""{ "name": "a", "method": "GET", "path": "/x" }""", "GET", new[] { 200 }, TestName = "defaults: GET expects 200")]
    [TestCase("""{ "name": "a", "kind": "get", "path": "/x" }""", "GET", new[] { 200 }, TestName = "defaults: kind get is GET")]
    [TestCase("""{ "name": "a", "method": "post", "path": "/x", "body": {} }""", "POST", new[] { 200, 201 }, TestName = "defaults: POST expects 200 or 201; the method's case does not matter")]
    [TestCase("""{ "name": "a", "method": "PUT", "path": "/x/{n}", "body": [1] }""", "PUT", new[] { 200, 204 }, TestName = "defaults: PUT expects 200 or 204")]
    [TestCase("""{ "name": "a", "method": "DELETE", "path": "/x/{uuid}", "expect": [202, 204] }""", "DELETE", new[] { 202, 204 }, TestName = "expect: given statuses")]
    public void A_request_route_has_its_method_and_expected_statuses(string route, string method, int[] expect)
    {
        var (routes, errors) = One(route);
        Assert.That(errors, Is.Empty);
        Assert.That((routes[0].Method, routes[0].Expect), Is.EqualTo((method, expect)));
    }

    [Test]
    public void A_created_id_may_come_from_the_location_header_and_the_read_back_from_another_path()
    {
        var (routes, errors) = One("""
            { "name": "add", "method": "POST", "path": "/api/v2/items", "body": { "n": "{n:number}" }, "createdIdFromLocation": true,
              "cleanup": { "method": "POST", "path": "/api/v2/items/{id}/archive", "readBack": "/api/v2/items/{id}" } }
            """);
        Assert.That(errors, Is.Empty);
        Assert.That((routes[0].CreatedIdFromLocation, routes[0].CreatedIdPointer, routes[0].Cleanup!.Method, routes[0].Cleanup!.Path, routes[0].Cleanup!.ReadBack),
            Is.EqualTo((true, (string?)null, "POST", "/api/v2/items/{id}/archive", "/api/v2/items/{id}")));
        Assert.That(routes[0].Cleanup!.Expect, Is.EqualTo(new[] { 200, 204 }));
    }

    private const string R = "routes.json: route #1 (r)";

    /// <summary>A write route with its cleanup, open for one more field.</summary>
    private const string W = """{ "name": "r", "method": "POST", "path": "/x", "createdIdPointer": "/id", "cleanup": { "path": "/x/{id}" },""";

    [TestCase("""{ "name": "r", "method": "GET", "path": "/x", "clenup": {} }""",
        R + ": field 'clenup' is unknown; a misspelt field would be ignored silently; allowed: name, kind, method, path, body, expect, createdIdPointer, createdIdFromLocation, cleanup, inventory, weight",
        TestName = "refused: an unknown field")]
    [TestCase("""{ "name": "r", "method": "FETCH", "path": "/x" }""",
        R + ": method 'FETCH' is not supported; allowed: GET, HEAD, POST, PUT, PATCH, DELETE", TestName = "refused: an unknown method")]
    [TestCase("""{ "name": "r", "path": "/x" }""",
        R + ": method '' is not supported; allowed: GET, HEAD, POST, PUT, PATCH, DELETE", TestName = "refused: no method")]
    [TestCase("""{ "name": "r", "method": "GET", "path": "api/x" }""",
        R + ": path 'api/x' must start with '/' (e.g. /api/gastos?empresaId={empresaId})", TestName = "refused: a relative path")]
    [TestCase("""{ "name": "r", "method": "GET", "path": "/x?e={empresa}" }""",
        R + ": path: placeholder '{empresa}' is unknown; it names no value of the run and no setting; allowed: " + Placeholders.Allowed, TestName = "refused: an unknown placeholder")]
    [TestCase("""{ "name": "r", "method": "GET", "path": "/x?p={password}" }""",
        R + ": path: placeholder '{password}' names a secret; a secret never goes into a request built from a file (it would reach the evidence); allowed: " + Placeholders.Allowed,
        TestName = "refused: a secret as placeholder")]
    [TestCase("""{ "name": "r", "method": "GET", "path": "/x/{id}" }""",
        R + ": path: placeholder '{id}' is known only once the item is created; allowed in cleanup.path and cleanup.readBack", TestName = "refused: {id} outside the cleanup")]
    [TestCase("""{ "name": "r", "method": "GET", "path": "/x/{n:number}" }""",
        R + ": path: placeholder '{n:number}' is in a path, which is text; ':number' is allowed only as a whole string value of the body (e.g. \"empresaId\": \"{loadEmpresaId:number}\")",
        TestName = "refused: :number in a path")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "body": { "a": "n-{n:number}" } }""",
        R + ": body: placeholder '{n:number}' shares its string with other text; ':number' must be the whole string value (e.g. \"empresaId\": \"{loadEmpresaId:number}\")",
        TestName = "refused: :number inside a longer string")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "body": { "a": "{uuid:number}" } }""",
        R + ": body: placeholder '{uuid:number}' is text, not a number; ':number' is allowed with {n} and with numeric settings (e.g. {loadEmpresaId:number})",
        TestName = "refused: :number on a text value")]
    [TestCase("""{ "name": "r", "method": "GET", "path": "/x", "body": { } }""",
        R + ": body is given for GET; a GET request carries no body here; allowed: a body with POST, PUT or PATCH", TestName = "refused: a body on GET")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "body": "{\"a\":1}" }""",
        R + ": body must be a JSON object or array (sent as application/json); string values may hold placeholders", TestName = "refused: a body as a string")]
    [TestCase("""{ "name": "r", "method": "GET", "path": "/x", "expect": [] }""",
        R + ": expect must be a non-empty array of HTTP statuses (100 to 599), e.g. [201]", TestName = "refused: no expected status")]
    [TestCase("""{ "name": "r", "method": "GET", "path": "/x", "expect": [200, 99] }""",
        R + ": expect must be a non-empty array of HTTP statuses (100 to 599), e.g. [201]", TestName = "refused: a status out of range")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "createdIdPointer": "id", "cleanup": { "path": "/x/{id}" } }""",
        R + ": createdIdPointer 'id' is not a JSON Pointer; it must be empty or start with '/' (RFC 6901), e.g. /id or /data/id", TestName = "refused: a pointer without '/'")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "createdIdPointer": "/a~2", "cleanup": { "path": "/x/{id}" } }""",
        R + ": createdIdPointer '/a~2' is not a JSON Pointer; '~' must be followed by 0 ('~') or 1 ('/') (RFC 6901)", TestName = "refused: a pointer with a bad escape")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "createdIdPointer": "/id", "createdIdFromLocation": true, "cleanup": { "path": "/x/{id}" } }""",
        R + ": createdIdPointer and createdIdFromLocation are both given; the id has one source; allowed: one of them", TestName = "refused: two sources of the id")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "cleanup": { "path": "/x/{id}" } }""",
        R + ": cleanup is given but not where the created id is; the cleanup needs {id}; allowed: createdIdPointer (e.g. /id) or createdIdFromLocation: true",
        TestName = "refused: a cleanup without the id")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "createdIdPointer": "/id" }""",
        R + ": the created id is taken but there is no cleanup; what the load creates must be removed again; allowed: a cleanup object (method, path with {id})",
        TestName = "refused: an id without a cleanup")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "createdIdPointer": "/id", "cleanup": { "path": "/x/1" } }""",
        R + ": cleanup: path '/x/1' has no {id}; it must name the created item; allowed: a path with {id} (e.g. /api/gastos/{id})", TestName = "refused: a cleanup path without {id}")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "createdIdPointer": "/id", "cleanup": { "method": "GET", "path": "/x/{id}" } }""",
        R + ": cleanup: method 'GET' does not remove anything; allowed: DELETE (default), POST, PUT, PATCH", TestName = "refused: a cleanup with GET")]
    [TestCase("""{ "name": "r", "method": "POST", "path": "/x", "createdIdPointer": "/id", "cleanup": { "path": "/x/{id}", "readback": "/x/{id}" } }""",
        R + ": cleanup: field 'readback' is unknown; a misspelt field would be ignored silently; allowed: method, path, expect, readBack", TestName = "refused: an unknown cleanup field")]
    [TestCase("""{ "name": "r", "kind": "login", "path": "/api/session" }""",
        R + ": field 'path' does not apply to a login route; it sends the login of the suite's settings (loginPath); allowed: name, kind, weight", TestName = "refused: a path on the login route")]
    [TestCase("""{ "name": "r", "kind": "write", "method": "POST", "path": "/api/gastos" }""",
        R + ": kind 'write' is unknown; allowed: login, or a request template (method, path, body, ...; kind omitted or 'request'; 'get' is GET)", TestName = "refused: an unknown kind")]
    [TestCase("""{ "name": "r", "method": "GET", "path": "/x", "weight": 0 }""",
        R + ": weight must be a whole number from 1 to 100", TestName = "refused: weight 0")]
    [TestCase("""{ "name": "r-1", "method": "GET", "path": "/x" }""",
        "routes.json: route #1: name 'r-1' is not a step name; it names the route in every report; allowed: letters, digits and '_' (e.g. list_gastos)", TestName = "refused: a name with '-'")]
    [TestCase("""{ "name": "r", "method": "GET", "path": "/x", "inventory": { "path": "/x" } }""",
        R + ": inventory is given on a route without a cleanup; the inventory lists the collection a write route creates in; allowed: inventory on a route with createdIdPointer (or createdIdFromLocation) and cleanup",
        TestName = "refused: an inventory on a route that creates nothing")]
    [TestCase(W + """ "inventory": "/x" }""", R + ": inventory: must be an object (path, itemsPointer, idPointer, totalPointer)", TestName = "refused: an inventory that is not an object")]
    [TestCase(W + """ "inventory": { "path": "/x", "itemPointer": "/items" } }""",
        R + ": inventory: field 'itemPointer' is unknown; a misspelt field would be ignored silently; allowed: path, itemsPointer, idPointer, totalPointer",
        TestName = "refused: an unknown inventory field")]
    [TestCase(W + """ "inventory": { "itemsPointer": "/items" } }""",
        R + ": inventory: path '' must start with '/'; it is the GET of the collection's list (e.g. /api/gastos?empresaId={empresaId}&page={page}&pageSize=100)",
        TestName = "refused: an inventory without a path")]
    [TestCase(W + """ "inventory": { "path": "/x?p={pagina}" } }""",
        R + ": inventory: path: placeholder '{pagina}' is unknown; it names no value of the run and no setting; allowed: " + Placeholders.Allowed + "; {page} (the page number, from 1) is allowed here too",
        TestName = "refused: an unknown placeholder in the inventory path")]
    [TestCase(W + """ "inventory": { "path": "/x/{id}" } }""",
        R + ": inventory: path: placeholder '{id}' is known only once the item is created; allowed in cleanup.path and cleanup.readBack",
        TestName = "refused: {id} in the inventory path")]
    [TestCase(W + """ "inventory": { "path": "/x", "itemsPointer": "data" } }""",
        R + ": inventory: itemsPointer 'data' is not a JSON Pointer; it must be empty or start with '/' (RFC 6901), e.g. /id or /data/id",
        TestName = "refused: an items pointer that is not a pointer")]
    [TestCase(W + """ "inventory": { "path": "/x", "idPointer": "" } }""",
        R + ": inventory: idPointer is empty; it points into each item to its id; allowed: a pointer such as /id", TestName = "refused: an empty id pointer")]
    [TestCase(W + """ "inventory": { "path": "/x", "totalPointer": 3 } }""",
        R + ": inventory: totalPointer must be a string; it is an RFC 6901 JSON Pointer into the list's answer (\"\" = the whole answer, e.g. /items or /data)",
        TestName = "refused: a total pointer that is not a string")]
    public void A_route_that_cannot_be_sent_is_refused_saying_why(string route, string error)
    {
        var (routes, errors) = One(route);
        Assert.That(routes, Is.Empty, "nothing runs from a file with a problem");
        Assert.That(errors, Is.EqualTo(new[] { error }));
    }

    [Test]
    public void Every_problem_of_the_file_is_listed_at_once()
    {
        var (_, errors) = RoutesFile.Parse("""
            { "routes": [
              { "name": "a", "method": "GET", "path": "/x/{nope}" },
              { "name": "a", "method": "GET", "path": "/y" },
              { "name": "b", "method": "POST", "path": "/z", "body": { "v": "{uuid:number}" }, "createdIdPointer": "/id" }
            ] }
            """, "routes.json");
        Assert.That(errors, Is.EqualTo(new[]
        {
            "routes.json: route #1 (a): path: placeholder '{nope}' is unknown; it names no value of the run and no setting; allowed: " + Placeholders.Allowed,
            "routes.json: route #2: name 'a' is used twice; each route is reported under its own name; allowed: a name not used before",
            "routes.json: route #3 (b): body: placeholder '{uuid:number}' is text, not a number; ':number' is allowed with {n} and with numeric settings (e.g. {loadEmpresaId:number})",
            "routes.json: route #3 (b): the created id is taken but there is no cleanup; what the load creates must be removed again; allowed: a cleanup object (method, path with {id})",
        }));
    }

    [TestCase("""[1]""", "routes.json: must be an object with a \"routes\" array", TestName = "file: not an object")]
    [TestCase("""{ "routes": [] }""", "routes.json: \"routes\" is empty; list at least one critical route", TestName = "file: no route")]
    [TestCase("""{ "routes": [ """, "routes.json: not valid JSON (", TestName = "file: not JSON")]
    public void A_file_that_is_not_a_routes_file_is_refused(string json, string error)
    {
        var (_, errors) = RoutesFile.Parse(json, "routes.json");
        Assert.That(errors.Single(), Does.StartWith(error));
    }
}
