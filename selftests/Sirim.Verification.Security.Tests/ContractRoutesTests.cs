using Sirim.Verification.Core;

namespace Sirim.Verification.Security.Tests;

/// <summary>The security gate reads its routes with the contracts gate's OpenAPI reader: JSON or YAML, 3.0 or 3.1.</summary>
public sealed class ContractRoutesTests
{
    private const string Yaml = """
        openapi: 3.1.0
        info: {title: Routes, version: '1'}
        security:
          - sessionKey: []
        components:
          securitySchemes:
            sessionKey: {type: apiKey, in: header, name: Authorization}
        paths:
          /health:
            get:
              security: []
              responses: {'200': {description: up}}
          /api/empresas:
            get:
              responses: {'200': {description: list}}
            post:
              responses: {'201': {description: created}}
          /api/empresas/{id}:
            parameters:
              - {name: id, in: path, required: true, schema: {type: integer}}
            get:
              responses: {'200': {description: one}}
        """;

    [Test]
    public void A_yaml_contract_gives_its_get_routes_in_document_order_with_public_ones_marked()
    {
        var routes = SecurityGate.GetRoutes(Yaml);
        Assert.That(routes.Select(r => $"{r.Template} {r.Path} {(r.RequiresAuth ? "token" : "public")}"), Is.EqualTo(new[]
        {
            "/health /health public", "/api/empresas /api/empresas token", "/api/empresas/{id} /api/empresas/1 token",
        }));
    }

    [Test]
    public void The_committed_json_contract_gives_every_get_route_in_its_order()
    {
        var routes = SecurityGate.GetRoutes(File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "contracts", "openapi.json")));
        Assert.That(routes.Select(r => $"{r.Template} {(r.RequiresAuth ? "token" : "public")}"), Is.EqualTo(new[]
        {
            "/api/me token", "/api/empresas token", "/api/empresas/{id} token", "/api/gastos token", "/api/gastos/{id} token", "/api/users token",
            "/api/version public", "/healthz public", "/readyz public", "/metrics public", "/openapi.json public",
        }));
    }

    [TestCase("", TestName = "empty")]
    [TestCase("<html>not a contract</html>", TestName = "an HTML page")]
    public void Text_that_is_not_a_contract_gives_no_routes(string text) => Assert.That(SecurityGate.GetRoutes(text), Is.Empty);
}
