using System.Text.Json.Nodes;
using Sirim.Verification.Authz.Checks;
using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Tests;

/// <summary>The data checks' pure judges: mass assignment, secret fields, list filter and pages, each with its message pinned.</summary>
public sealed class AuthzDataJudgeTests
{
    private const string Api = "https://api.sirim.example";

    private static HttpExchange Exchange(string method, string path, int? status, string body = "") => new(
        new ExchangeRequest(method, new Uri(Api + path), [new HttpHeader("Authorization", "Bearer secret-token")], null, null),
        status is { } s ? new ExchangeResponse(s, s switch { 200 => "OK", 201 => "Created", 404 => "Not Found", 422 => "Unprocessable Entity", 500 => "Internal Server Error", _ => "" },
            "1.1", [new HttpHeader("Content-Type", "application/json")], body, body.Length) : null,
        TimeSpan.FromMilliseconds(9), DateTimeOffset.UnixEpoch, status is null ? "connection refused" : null);

    private static readonly IReadOnlyList<ServerField> Fields =
        [new("id", JsonValue.Create(ServerFields.InjectedId), "contract readOnly"), new("createdAt", JsonValue.Create(ServerFields.InjectedTimestamp), "contract readOnly"),
         new("role", JsonValue.Create("admin"), "authzServerFields")];

    private static CheckOutcome Mass(int? writeStatus, int? readStatus, string readBody = """{"id":5,"createdAt":"2025-06-15T10:00:00Z"}""") =>
        new MassAssignmentIgnored().Evaluate(new MassAssignmentProbe("POST /api/gastos", AuthzAction.Create, Fields, Exchange("POST", "/api/gastos", writeStatus, """{"id":5}"""),
            readStatus is null ? null : Exchange("GET", "/api/gastos/5", readStatus, readBody), ""));

    [Test]
    public void Ignored_or_refused_server_fields_pass()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Mass(201, 200).Status, Is.EqualTo(CheckStatus.Passed));
            Assert.That(Mass(201, 200).Actual, Is.EqualTo("201 Created, every server-controlled field ignored"));
            Assert.That(Mass(422, null).Actual, Is.EqualTo("422 Unprocessable Entity: refused"));
        });
    }

    [Test]
    public void A_stored_timestamp_fails_with_the_house_message()
    {
        var outcome = Mass(201, 200, """{"id":5,"createdAt":"2001-02-03T04:05:06+00:00","role":"lector"}""");
        Assert.That(FailureRenderer.Render(outcome, Redactor.None), Does.StartWith(
            "[authz] authz_mass_assignment_ignored: POST /api/gastos as verification user with server-controlled fields (id, createdAt, role)   (severity high · accepted)\n" +
            "Expected: refused, or accepted with every server-controlled field ignored in the resource read back\n" +
            "Actual:   201 Created, and the resource read back holds the slipped-in createdAt = \"2001-02-03T04:05:06Z\" (contract readOnly)\n" +
            "Hint:     the route binds the request body onto the stored entity: bind an input model with the client's fields only (an allow-list), and let the server set ids, owners, timestamps and roles (OWASP API3)\n" +
            "→ GET https://api.sirim.example/api/gastos/5\n"));
    }

    [TestCase(201, 404, "Actual:   201 Created, then the resource read back answered 404 Not Found: it left its id (the body's id was bound?)")]
    [TestCase(500, null, "Actual:   500 Internal Server Error: the server failed on fields it should ignore or refuse")]
    [TestCase(null, null, "Actual:   no response (connection refused)")]
    public void A_moved_resource_a_crash_or_no_answer_fails(int? write, int? read, string actual) =>
        Assert.That(FailureRenderer.Render(Mass(write, read), Redactor.None), Does.Contain(actual + "\n"));

    private static SecretFieldsExposed Secrets => new(["password", "passwordHash", "hash", "salt", "apiKey", "token", "secret"], ["own-login-token"]);

    [TestCase("""{"id":1,"passwordHash":"pbkdf2-sha256$10000$c2FsdA==$aGFzaA=="}""", "/passwordHash: a field named like a secret ('passwordhash')")]
    [TestCase("""[{"id":1,"client_secret":"abc"}]""", "/0/client_secret: a field named like a secret ('secret')")]
    [TestCase("""{"data":{"note":"$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW"}}""", "/data/note: a password hash")]
    [TestCase("""{"detail":"Host=db;Database=sirim;Username=app;Password=hunter2"}""", "/detail: a connection string with a password")]
    [TestCase("""{"dsn":"postgres://app:hunter2@db:5432/sirim"}""", "/dsn: a database URL")]
    [TestCase("""{"detail":"System.InvalidOperationException: boom\n   at Sirim.Api.GastoEndpoints.List(HttpContext http)"}""", "/detail: a stack trace")]
    public void A_secret_by_name_or_by_value_is_found_and_masked(string body, string finding)
    {
        var outcomes = Secrets.Evaluate([Exchange("GET", "/api/thing", 200, body)]);
        var rendered = FailureRenderer.Render(outcomes.Single(), Redactor.None);
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Single().Status, Is.EqualTo(CheckStatus.Failed));
            Assert.That(rendered, Does.StartWith("[authz] no_secret_fields_exposed: GET /api/thing   (severity critical · data exposure)\n")
                .And.Contain("Actual:   200 OK carrying " + finding + " (value masked, ").And.Contain(SecretFieldsExposed.Masked));
            foreach (var secret in new[] { "hunter2", "pbkdf2-sha256$", "R9h/cIPz0gi", "\"abc\"" })
                Assert.That(rendered, Does.Not.Contain(secret));
        });
    }

    [TestCase("""{"accessToken":"own-login-token","user":{"id":1}}""")]
    [TestCase("""{"id":1,"email":"ana@sirim.test","authMethod":"password","tokenType":"Bearer","passwordPolicy":null}""")]
    [TestCase("""{"openapi":"3.1.0","components":{"schemas":{"LoginRequest":{"properties":{"password":{"type":"string"}}}}}}""")]
    public void The_own_token_harmless_names_and_the_api_description_pass(string body)
    {
        var outcomes = Secrets.Evaluate([Exchange("GET", "/api/me", 200, body), Exchange("GET", "/metrics", 200, "# not json")]);
        Assert.That(outcomes.Single().Status, Is.EqualTo(CheckStatus.Passed), outcomes.Single().Actual);
    }

    private static ListWalk Walk(params string[] pages) =>
        new("GET /api/gastos?empresaId={empresaId}&page={page}&pageSize=2", 3, pages.Select((b, i) => Exchange("GET", $"/api/gastos?empresaId=3&page={i + 1}&pageSize=2", 200, b)).ToList(), true, 10);

    [Test]
    public void Pages_that_add_up_to_the_total_pass_both_list_checks()
    {
        var walk = Walk("""{"items":[{"id":1,"empresaId":3},{"id":2,"empresaId":3}],"total":3}""", """{"items":[{"id":3,"empresaId":3}],"total":3}""");
        Assert.Multiple(() =>
        {
            Assert.That(new ListPagesAddUp("/id", "/total").Evaluate(walk).Actual, Is.EqualTo("3 distinct item(s) over 2 page(s), as /total says"));
            Assert.That(new ListFilterRespected("/empresaId", "/id").Evaluate(walk).Actual, Is.EqualTo("3 item(s) over 2 page(s), all of empresa 3"));
        });
    }

    [Test]
    public void A_total_that_counts_more_than_the_pages_hand_out_fails()
    {
        var outcome = new ListPagesAddUp("/id", "/meta/total").Evaluate(Walk("""{"data":[{"id":1},{"id":2}],"meta":{"total":60}}""", """{"data":[],"meta":{"total":60}}"""));
        Assert.That(FailureRenderer.Render(outcome, Redactor.None), Does.StartWith(
            "[authz] list_pages_add_up: GET /api/gastos?empresaId={empresaId}&page={page}&pageSize=2 as verification user, empresa 3   (severity high · broken flow)\n" +
            "Expected: no item on two pages, and 60 distinct item(s) (/meta/total) over all pages\n" +
            "Actual:   2 distinct item(s) over 2 page(s), but /meta/total says 60\n" +
            "Hint:     the total counts rows the pages do not hand out (other empresas' rows?): count with the same filter as the page query\n"));
    }

    [Test]
    public void An_item_on_two_pages_fails_even_without_a_total() =>
        Assert.That(FailureRenderer.Render(new ListPagesAddUp("/id", "").Evaluate(Walk("""[{"id":1},{"id":2}]""", """[{"id":2},{"id":3}]""", "[]")), Redactor.None),
            Does.Contain("Expected: no item on two pages\nActual:   1 item(s) on more than one page: 2 (pages 1 and 2)\n"));

    [Test]
    public void A_walk_stopped_by_the_page_bound_is_not_added_up() =>
        Assert.That(new ListPagesAddUp("/id", "/total").Evaluate(Walk("""{"items":[{"id":1},{"id":2}],"total":9}""") with { ReachedEnd = false, MaxPages = 1 }).Actual,
            Is.EqualTo("stopped after 1 page(s) (inventoryMaxPages) with 2 of 9 item(s): the pages cannot be added up"));

    [Test]
    public void An_item_of_another_empresa_fails_the_filter_check()
    {
        var outcome = new ListFilterRespected("/empresaId", "/id").Evaluate(Walk("""[{"id":1,"empresaId":3},{"id":7,"empresaId":1}]""", "[]"));
        Assert.That(FailureRenderer.Render(outcome, Redactor.None), Does.StartWith(
            "[authz] list_filter_respected: GET /api/gastos?empresaId={empresaId}&page={page}&pageSize=2 as verification user, empresa 3   (severity critical · access control)\n" +
            "Expected: every item with /empresaId = 3\n" +
            "Actual:   1 of 2 item(s) of other empresas: 7 (empresaId 1, page 1)\n"));
    }

    [Test]
    public void A_list_page_that_fails_is_reported_by_both_list_checks()
    {
        var walk = new ListWalk("GET /api/gastos", 3, [Exchange("GET", "/api/gastos?empresaId=3&page=1", 404, "{}")], true, 10);
        Assert.Multiple(() =>
        {
            Assert.That(new ListFilterRespected("/empresaId", "/id").Evaluate(walk).Actual, Is.EqualTo("page 1 answered 404 Not Found"));
            Assert.That(new ListPagesAddUp("/id", "/total").Evaluate(walk).Actual, Is.EqualTo("page 1 answered 404 Not Found"));
        });
    }

    [TestCase("id", "integer", null, "987654321")]
    [TestCase("createdAt", "string", "date-time", "\"2001-02-03T04:05:06Z\"")]
    [TestCase("ownerId", null, null, "987654321")]
    [TestCase("updatedAt", null, null, "\"2001-02-03T04:05:06Z\"")]
    [TestCase("role", null, null, "\"admin\"")]
    [TestCase("isAdmin", null, null, "true")]
    public void Each_server_field_gets_a_value_no_server_would_pick(string name, string? type, string? format, string json)
    {
        Microsoft.OpenApi.OpenApiSchema? schema = type is null ? null : new()
        {
            Type = type == "integer" ? Microsoft.OpenApi.JsonSchemaType.Integer : Microsoft.OpenApi.JsonSchemaType.String, Format = format,
        };
        Assert.That(ServerFields.Value(name, schema).ToJsonString(), Is.EqualTo(json));
    }
}
