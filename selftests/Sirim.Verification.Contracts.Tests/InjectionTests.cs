using Microsoft.OpenApi;
using Sirim.Verification.Contracts.Checks;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Synthesis;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>The injection case's values and targets, and its two checks (pass, and a pinned failure message).</summary>
public sealed class InjectionTests
{
    private static readonly InjectionTarget Q = new(ParameterPlace.Query, "q", new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 100 });
    private static readonly InjectionTarget Id = new(ParameterPlace.Path, "code", new OpenApiSchema { Type = JsonSchemaType.String });

    private static HttpExchange Exchange(string pathAndQuery, int status, string body = "{}") =>
        new(new ExchangeRequest("GET", new Uri("http://127.0.0.1:5000" + pathAndQuery), []),
            new ExchangeResponse(status, status == 200 ? "OK" : status == 500 ? "Internal Server Error" : "Not Found", "1.1",
                [new HttpHeader("Content-Type", "application/json")], body, body.Length), TimeSpan.FromMilliseconds(5), DateTimeOffset.UnixEpoch);

    private static string Render(CheckOutcome o) => FailureRenderer.Render(o, Redactor.None);

    private static InjectionBaseline Baseline => new("run-matches-nothing", Exchange("/api/gastos?q=run-matches-nothing", 200), 0);

    [Test]
    public void Values_are_bounded_cut_to_max_length_and_one_is_exactly_max_length()
    {
        var all = InjectionValues.For(new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 10 }, 9);
        Assert.That(all.Select(v => v.Name), Is.EqualTo(new[]
            { "single_quote", "sql_or_true", "double_quote", "sql_statement", "nosql_operator", "path_traversal", "nul_byte", "unicode", "at_max_length" }));
        Assert.That(all.Select(v => v.Text.Length), Has.All.LessThanOrEqualTo(10));
        Assert.That(all.Single(v => v.Name == "at_max_length").Text, Is.EqualTo("'xxxxxxxx'"));
        Assert.That(InjectionValues.For(new OpenApiSchema { Type = JsonSchemaType.String }, 9).Select(v => v.Name), Does.Not.Contain("at_max_length"),
            "no maxLength documented: no value at it");
        Assert.That(InjectionValues.For(Q.Schema, 2, "~zq1").Select(v => v.Text), Is.EqualTo(new[] { "'~zq1", "' OR '1'='1~zq1" }));
        Assert.That(InjectionValues.Show("a\u0000'b\""), Is.EqualTo("\"a\\u0000'b\\\"\""));
    }

    [Test]
    public void Targets_are_free_text_query_parameters_read_path_ids_and_body_fields_of_secured_operations()
    {
        var text = new OpenApiSchema { Type = JsonSchemaType.String };
        var body = new ContractRequestBody(true, new Dictionary<string, IOpenApiSchema?>
        {
            ["application/json"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["concepto"] = text, ["fecha"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
                    ["categoria"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [System.Text.Json.Nodes.JsonValue.Create("a")] },
                    ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, ReadOnly = true },
                },
            },
        });
        ContractOperation Op(string method, bool secured, params ContractParameter[] ps) =>
            new(method, "/x/{code}", null, "x", ps, method == "GET" ? null : body, [], secured, []);
        var path = new ContractParameter("code", ParameterPlace.Path, true, text);
        var q = new ContractParameter("q", ParameterPlace.Query, false, text);
        Assert.That(InjectionValues.Targets(Op("GET", true, path, q)).Select(t => t.Describe),
            Is.EqualTo(new[] { "path parameter 'code'", "query parameter 'q'" }));
        Assert.That(InjectionValues.Targets(Op("PUT", true, path)).Select(t => t.Describe), Is.EqualTo(new[] { "body property 'concepto'" }),
            "a write never goes to an injected id; enums, dates and read-only fields are left to the other cases");
        Assert.That(InjectionValues.Targets(Op("POST", false)), Is.Empty, "an anonymous write (a login) is not probed: its brute-force limit would lock the suite out");
    }

    [Test]
    public void No_server_error_passes_on_4xx_and_2xx_and_lists_every_5xx()
    {
        var ok = new InjectionSent(Q, "\"'\" (single_quote)", Exchange("/api/gastos?q=%27", 400), null);
        Assert.That(InjectionNoServerError.Evaluate("GET /api/gastos", [ok]).Failed, Is.False);
        var bad = new InjectionSent(Q, "\"' OR '1'='1\" (sql_or_true)", Exchange("/api/gastos?q=x", 500), null);
        Assert.That(Render(InjectionNoServerError.Evaluate("GET /api/gastos", [ok, bad])), Does.StartWith(
            "[contracts] injection_no_server_error: GET /api/gastos: 2 injection-shaped value(s)   (case injection)   (severity high · server error)\n" +
            "Expected: each value stored, matched literally or refused with 4xx\n" +
            "Actual:   1 of 2 failed:\n  query parameter 'q' = \"' OR '1'='1\" (sql_or_true) → 500 Internal Server Error\n" +
            "Hint:     The server failed on text it should treat as data: a query, path or document built by concatenating the value (use parameters), " +
            "or input it cannot store (refuse it with 400). The first failing exchange is shown below.\n" +
            "→ GET http://127.0.0.1:5000/api/gastos?q=x\n").And.Contain("Reproduce: curl"));
    }

    [Test]
    public void Not_interpreted_compares_with_the_harmless_value_and_refuses_a_resource_for_an_injected_id()
    {
        var literal = new InjectionSent(Q, "\"' OR '1'='1\" (sql_or_true)", Exchange("/api/gastos?q=x", 200), 0, Baseline);
        Assert.That(InjectionNotInterpreted.Evaluate("GET /api/gastos", [literal]).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(InjectionNotInterpreted.Evaluate("POST /api/gastos", [new InjectionSent(Q with { Place = null }, "v", Exchange("/", 201), null)]).Status,
            Is.EqualTo(CheckStatus.NotApplicable));
        var all = literal with { Items = 20 };
        var byId = new InjectionSent(Id, "\"../../etc/passwd\" (path_traversal)", Exchange("/x/..%2F..%2Fetc%2Fpasswd", 200), null);
        Assert.That(Render(InjectionNotInterpreted.Evaluate("GET /api/gastos", [all, byId])), Does.StartWith(
            "[contracts] injection_not_interpreted: GET /api/gastos: 2 injection-shaped value(s)   (case injection)   (severity critical · accepted)\n" +
            "Expected: no more items than a harmless value that matches nothing; no resource for an injected id\n" +
            "Actual:   2 value(s) interpreted:\n" +
            "  query parameter 'q' = \"' OR '1'='1\" (sql_or_true) → 20 item(s), the harmless value \"run-matches-nothing\" 0\n" +
            "  path parameter 'code' = \"../../etc/passwd\" (path_traversal) → 200 OK: a resource was returned\n"));
        Assert.That(InjectionNotInterpreted.Evaluate("GET /x/{code}", [byId with { Exchange = Exchange("/x/y", 404) }]).Status, Is.EqualTo(CheckStatus.Passed));
    }
}
