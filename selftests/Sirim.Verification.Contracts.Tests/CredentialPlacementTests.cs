using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>Where the suite's token goes, per security scheme of the contract, and when it goes nowhere.</summary>
public sealed class CredentialPlacementTests
{
    private const string Schemes = """
        "bearer": { "type": "http", "scheme": "bearer" },
        "authKey": { "type": "apiKey", "in": "header", "name": "Authorization" },
        "headerKey": { "type": "apiKey", "in": "header", "name": "X-Tenant-Key" },
        "queryKey": { "type": "apiKey", "in": "query", "name": "api_key" },
        "cookieKey": { "type": "apiKey", "in": "cookie", "name": "sid" },
        "basic": { "type": "http", "scheme": "basic" },
        "oauth": { "type": "oauth2", "flows": { "clientCredentials": { "tokenUrl": "https://idp.example/token", "scopes": {} } } }
        """;

    private static async Task<(ContractOperation Operation, IReadOnlyList<string> Unsupported)> OperationAsync(string documentSecurity, string operationSecurity)
    {
        var op = operationSecurity.Length == 0 ? "" : $"\"security\": {operationSecurity},";
        var global = documentSecurity.Length == 0 ? "" : $"\"security\": {documentSecurity},";
        var text = $$"""
            { "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, {{global}}
              "components": { "securitySchemes": { {{Schemes}} } },
              "paths": { "/x": { "get": { {{op}} "responses": { "200": { "description": "ok" } } } } } }
            """;
        var loaded = await ContractLoader.ParseAsync(text, "security.json", CancellationToken.None);
        Assert.That(loaded.Error, Is.Null);
        return (loaded.Document!.Operations.Single(), loaded.Document.Unsupported);
    }

    // document security, operation security, secured, where the token goes ("-" none), unsupported note (or "").
    [TestCase("[{\"bearer\":[]}]", "", true, "header Authorization: Bearer T", "", TestName = "http bearer, inherited from the document")]
    [TestCase("[{\"bearer\":[]}]", "[]", false, "-", "", TestName = "security: [] on the operation makes it public")]
    [TestCase("", "", false, "-", "", TestName = "no security anywhere: public")]
    [TestCase("", "[{\"authKey\":[]}]", true, "header Authorization: Bearer T", "", TestName = "apiKey in the Authorization header: Bearer")]
    [TestCase("", "[{\"headerKey\":[]}]", true, "header X-Tenant-Key: T", "", TestName = "apiKey in another header: the raw token")]
    [TestCase("", "[{\"queryKey\":[]}]", true, "query api_key=T", "", TestName = "apiKey in the query")]
    [TestCase("", "[{},{\"bearer\":[]}]", false, "header Authorization: Bearer T", "", TestName = "optional credentials are still sent, but not required")]
    [TestCase("", "[{\"oauth\":[]},{\"queryKey\":[]}]", true, "query api_key=T", "", TestName = "the first alternative the suite can satisfy")]
    [TestCase("", "[{\"oauth\":[]}]", true, "header Authorization: Bearer T",
        "GET /x: security scheme 'oauth' (oauth2) is not negotiated; the suite's token is sent as a bearer token (Authorization: Bearer)", TestName = "OAuth2: a bearer token, said so")]
    [TestCase("", "[{\"basic\":[]}]", true, "header Authorization: Bearer T",
        "GET /x: security scheme 'basic' (http basic) is not supported; the suite's token is sent as a bearer token (Authorization: Bearer) instead", TestName = "http basic: a bearer token, said so")]
    [TestCase("", "[{\"cookieKey\":[]}]", true, "header Authorization: Bearer T",
        "GET /x: security scheme 'cookieKey' (apiKey in cookie 'sid') is not supported; the suite's token is sent as a bearer token (Authorization: Bearer) instead", TestName = "apiKey in a cookie: a bearer token, said so")]
    public async Task The_token_goes_where_the_scheme_puts_it(string documentSecurity, string operationSecurity, bool secured, string expected, string unsupported)
    {
        var (op, notSupported) = await OperationAsync(documentSecurity, operationSecurity);
        var headers = new List<HttpHeader>();
        var query = new Dictionary<string, string>();
        Credentials.Apply(op.Credentials, "T", headers, query);
        var placed = string.Join(", ", headers.Select(h => $"header {h.Name}: {h.Value}").Concat(query.Select(q => $"query {q.Key}={q.Value}")));
        Assert.Multiple(() =>
        {
            Assert.That(op.Secured, Is.EqualTo(secured));
            Assert.That(placed.Length == 0 ? "-" : placed, Is.EqualTo(expected));
            Assert.That(notSupported, Is.EqualTo(unsupported.Length == 0 ? Array.Empty<string>() : new[] { unsupported }));
        });
    }

    [Test]
    public async Task A_null_token_removes_the_credential_and_a_documented_parameter_of_the_same_name()
    {
        var (op, _) = await OperationAsync("", "[{\"queryKey\":[]},{\"headerKey\":[]}]");
        var headers = new List<HttpHeader> { new("x-tenant-key", "synthesised") };
        var query = new Dictionary<string, string> { ["api_key"] = "synthesised", ["page"] = "1" };
        Credentials.Apply(op.Credentials, null, headers, query);
        Assert.That(query.Keys, Is.EqualTo(new[] { "page" }));
        Assert.That(headers, Has.Count.EqualTo(1), "only the chosen alternative (the query key) is applied");
    }

    [Test]
    public void A_credential_in_the_query_is_appended_to_the_query_the_url_already_has()
    {
        var request = Credentials.Get(new Uri("http://127.0.0.1:1/openapi.json?v=2"),
            [new CredentialPlacement("k", CredentialPlace.Query, "api key", false)], "a&b");
        Assert.That(request.Url.AbsoluteUri, Is.EqualTo("http://127.0.0.1:1/openapi.json?v=2&api%20key=a%26b"));
        Assert.That(Credentials.Get(new Uri("http://127.0.0.1:1/d"), [CredentialPlacement.Bearer("b")], null).Headers, Is.Empty);
    }

    [Test]
    public async Task The_default_credentials_are_the_documents_else_the_first_non_public_operations()
    {
        var global = await ContractLoader.ParseAsync("""
            { "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "security": [ { "headerKey": [] } ],
              "components": { "securitySchemes": { "headerKey": { "type": "apiKey", "in": "header", "name": "X-Key" },
                                                   "queryKey": { "type": "apiKey", "in": "query", "name": "k" } } },
              "paths": { "/a": { "get": { "security": [], "responses": { "200": { "description": "ok" } } } },
                         "/b": { "get": { "security": [ { "queryKey": [] } ], "responses": { "200": { "description": "ok" } } } } } }
            """, "d", CancellationToken.None);
        Assert.That(global.Document!.DefaultCredentials.Select(c => c.Describe()), Is.EqualTo(new[] { "X-Key header" }));
        var perOperation = await ContractLoader.ParseAsync(global.RawText!.Replace("\"security\": [ { \"headerKey\": [] } ],", ""), "d", CancellationToken.None);
        Assert.That(perOperation.Document!.DefaultCredentials.Select(c => c.Describe()), Is.EqualTo(new[] { "'k' query parameter" }));
    }
}
