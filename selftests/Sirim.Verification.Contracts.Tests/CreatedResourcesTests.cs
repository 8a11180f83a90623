using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>Every 2xx answer to a mutating request is accounted for in the ledger, with the id wherever the answer puts it.</summary>
public sealed class CreatedResourcesTests
{
    private static readonly Uri Api = new("http://127.0.0.1:5000/");

    private static async Task<ContractDocument> DocumentAsync(bool withDelete = true)
    {
        var delete = withDelete ? """, "delete": { "responses": { "204": { "description": "gone" } } }""" : "";
        var text = $$"""
            { "openapi": "3.0.3", "info": { "title": "t", "version": "1" },
              "components": { "schemas": { "Thing": { "type": "object", "properties": {
                  "thingId": { "type": "integer", "readOnly": true }, "ownerId": { "type": "integer" }, "name": { "type": "string" } } } } },
              "paths": {
                "/things": { "post": { "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                                       "responses": { "201": { "description": "made", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } } } } },
                "/things/{key}": { "get": { "parameters": [ { "name": "key", "in": "path", "required": true, "schema": { "type": "string" } } ],
                                            "responses": { "200": { "description": "ok" } } },
                                   "put": { "parameters": [ { "name": "key", "in": "path", "required": true, "schema": { "type": "string" } } ],
                                            "responses": { "200": { "description": "ok" } } }{{delete}} },
                "/login": { "post": { "responses": { "200": { "description": "token" } } } } } }
            """;
        var loaded = await ContractLoader.ParseAsync(text, "things.json", CancellationToken.None);
        Assert.That(loaded.Error, Is.Null);
        return loaded.Document!;
    }

    private static HttpExchange Exchange(string method, string path, int status, string body, string? location = null) => new(
        new ExchangeRequest(method, new Uri(Api, path), []),
        new ExchangeResponse(status, "", "1.1", location is null ? [] : [new HttpHeader("Location", location)], body, body.Length),
        TimeSpan.Zero, DateTimeOffset.UnixEpoch);

    [Test]
    public async Task Id_names_come_from_the_item_route_and_the_response_schema()
    {
        var doc = await DocumentAsync();
        Assert.That(CreatedResources.ItemRouteOf(doc, "/things"), Is.EqualTo("/things/{key}"));
        Assert.That(CreatedResources.IdNames(doc.Find("POST", "/things")!, "/things/{key}"), Is.EqualTo(new[] { "key", "thingId", "id" }));
    }

    // case, status, body, Location, the id registered (null: nothing), the item URL path
    [TestCase("positive", 201, """{"thingId":4,"ownerId":9}""", null, "4", "/things/4", TestName = "schema-named id at the top level")]
    [TestCase("positive", 201, """{"data":{"thingId":5}}""", null, "5", "/things/5", TestName = "schema-named id inside a wrapper")]
    [TestCase("wrong_type", 200, "{}", "/things/6", "6", "/things/6", TestName = "an accepted negative case, id from Location")]
    [TestCase("positive", 400, """{"thingId":7}""", null, null, null, TestName = "a refused request creates nothing")]
    public async Task A_create_answer_is_registered_with_the_request_that_made_it(string caseId, int status, string body, string? location, string? id, string? itemPath)
    {
        var doc = await DocumentAsync();
        var ledger = new CleanupLedger();
        CreatedResources.Record(ledger, doc, Api, doc.Find("POST", "/things")!, caseId, Exchange("POST", "/things", status, body, location), "tag");
        if (id is null) { Assert.That(ledger.Resources, Is.Empty); return; }
        var resource = ledger.Resources.Single();
        Assert.That((resource.Id, resource.ItemUrl?.AbsolutePath, resource.CreatedBy, resource.NotDeletableReason),
            Is.EqualTo((id, itemPath, $"POST /things ({caseId})", (string?)null)));
    }

    [Test]
    public async Task A_create_without_an_id_is_registered_as_not_deletable_and_a_login_is_not_a_create()
    {
        var doc = await DocumentAsync();
        var ledger = new CleanupLedger();
        CreatedResources.Record(ledger, doc, Api, doc.Find("POST", "/things")!, "positive", Exchange("POST", "/things", 201, """{"name":"x"}"""), "tag");
        CreatedResources.Record(ledger, doc, Api, doc.Find("POST", "/login")!, "positive", Exchange("POST", "/login", 200, """{"user":{"id":1}}"""), "tag");
        Assert.That(ledger.Resources.Select(r => $"{r.CreatedBy}: {r.NotDeletableReason}"),
            Is.EqualTo(new[] { "POST /things (positive): the 201 answer carried no id (no Location header, no id property)" }));
    }

    [Test]
    public async Task A_put_on_an_item_is_accounted_for_and_without_a_documented_delete_says_so()
    {
        var doc = await DocumentAsync(withDelete: false);
        var ledger = new CleanupLedger();
        CreatedResources.Record(ledger, doc, Api, doc.Find("PUT", "/things/{key}")!, "positive", Exchange("PUT", "/things/k-1", 200, "{}"), "tag");
        Assert.That(ledger.Resources.Select(r => $"{r.Key} {r.CreatedBy}: {r.NotDeletableReason}"),
            Is.EqualTo(new[] { "/things/k-1 PUT /things/{key} (positive): the contract documents no DELETE /things/{key}" }));
    }

    [TestCase("/api/gastos/{id}", "/api/gastos/61", true)]
    [TestCase("/api/gastos/{id}", "/base/api/gastos/61/", true)]
    [TestCase("/api/gastos/{id}", "/api/gastos", false)]
    [TestCase("/api/gastos/{id}", "/api/gastos/61/lines", false)]
    [TestCase("/api/gastos/{id}", "/api/xgastos/61", false)]
    [TestCase("/things/{key}", "/things/a%20b", true)]
    public void Cleanup_requests_take_the_credentials_of_the_route_the_url_matches(string template, string path, bool matches) =>
        Assert.That(CreatedResources.RouteMatches(template, path), Is.EqualTo(matches));
}
