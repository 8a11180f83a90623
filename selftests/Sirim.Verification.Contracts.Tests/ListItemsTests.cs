using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Running;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>Ids for item operations come from the list answers, wherever the list puts its items.</summary>
public sealed class ListItemsTests
{
    private static async Task<ContractOperation> ListAsync(string responseSchema)
    {
        var text = $$"""
            { "openapi": "3.0.3", "info": { "title": "t", "version": "1" },
              "components": { "schemas": { "Thing": { "type": "object", "properties": { "id": { "type": "integer" } } },
                                           "Page": { "type": "object", "properties": { "links": { "type": "array", "items": { "type": "string" } } } } } },
              "paths": { "/things": { "get": { "responses": { "200": { "description": "ok",
                  "content": { "application/json": { "schema": {{responseSchema}} } } } } } } } }
            """;
        var loaded = await ContractLoader.ParseAsync(text, "list.json", CancellationToken.None);
        Assert.That(loaded.Error, Is.Null);
        return loaded.Document!.Operations.Single();
    }

    // the list's response schema, its answer, the id the item operation gets.
    [TestCase("""{ "type": "array", "items": { "$ref": "#/components/schemas/Thing" } }""",
        """[{"id":3}]""", "3", TestName = "a top-level array")]
    [TestCase("""{ "type": "object", "properties": { "links": { "type": "array", "items": { "type": "string" } }, "records": { "type": "array", "items": { "$ref": "#/components/schemas/Thing" } } } }""",
        """{"links":["self"],"records":[{"id":5}]}""", "5", TestName = "the array property whose items carry the id, by the schema")]
    [TestCase("""{ "allOf": [ { "$ref": "#/components/schemas/Page" }, { "type": "object", "properties": { "entries": { "type": "array", "items": { "$ref": "#/components/schemas/Thing" } } } } ] }""",
        """{"links":["self"],"entries":[{"id":6}]}""", "6", TestName = "a property of an allOf envelope")]
    [TestCase("""{ "type": "object" }""",
        """{"links":[{"rel":"self"}],"data":[{"id":7}],"meta":{}}""", "7", TestName = "a vague schema: 'data'")]
    [TestCase("""{ "type": "object" }""",
        """{"links":[{"rel":"self"}],"results":[{"id":8}]}""", "8", TestName = "a vague schema: 'results'")]
    [TestCase("""{ "type": "object" }""",
        """{"rows":[{"id":9}]}""", "9", TestName = "a vague schema, no conventional name: the first array")]
    public async Task The_item_id_comes_from_where_the_list_puts_its_items(string schema, string answer, string id)
    {
        var list = await ListAsync(schema);
        var state = new RunState([]);
        state.Harvest("/things", answer, created: false, ListItems.PropertyOf(list));
        Assert.That(state.ListedId("/things"), Is.EqualTo(id));
    }

    [TestCase("""{"id":11,"name":"n"}""", "11", TestName = "the created resource itself")]
    [TestCase("""{"data":{"id":12,"name":"n"}}""", "12", TestName = "the created resource wrapped in data")]
    public void A_created_resource_gives_its_id(string answer, string id)
    {
        var state = new RunState([]);
        state.Harvest("/things", answer, created: true);
        Assert.That(state.CreatedId("/things"), Is.EqualTo(id));
    }
}
