using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Tests;

/// <summary>The cleanup ledger, its runner (delete, read back, bounded retries), the pure judge and its rendered evidence.</summary>
public sealed class CleanupTests
{
    private static readonly Uri Api = new("https://api.example/");

    /// <summary>An in-memory API: items by path; <see cref="Keeps"/> answers DELETE 204 without removing (a delete never committed).</summary>
    private sealed class FakeApi
    {
        public HashSet<string> Items { get; } = [];
        public bool Keeps { get; init; }
        public int DeletesBeforeItWorks { get; init; }
        public List<string> Sent { get; } = [];

        public Task<HttpExchange> SendAsync(ExchangeRequest request, CancellationToken ct)
        {
            var path = request.Url.AbsolutePath;
            Sent.Add($"{request.Method} {path}");
            var exists = Items.Contains(path);
            var status = request.Method switch
            {
                "DELETE" when !exists => 404,
                "DELETE" => Delete(path),
                _ => exists ? 200 : 404,
            };
            return Task.FromResult(new HttpExchange(request, new ExchangeResponse(status, "", "1.1", [], "", 0), TimeSpan.Zero, DateTimeOffset.UnixEpoch));
        }

        private int _deletes;

        private int Delete(string path)
        {
            if (!Keeps && ++_deletes > DeletesBeforeItWorks) Items.Remove(path);
            return 204;
        }
    }

    private static ExchangeRequest RequestFor(string method, Uri url) => new(method, url, [new HttpHeader("Authorization", "Bearer secret-token")]);

    private static TrackedResource Gasto(string id, string caseId = "positive") =>
        new("contracts", "POST", "/api/gastos", caseId, "/api/gastos", id, new Uri(Api, "/api/gastos/" + id), "sirim-verify-r1");

    private static CleanupRunner Runner(FakeApi api, int attempts = 3, TimeSpan? deadline = null) =>
        new(api.SendAsync, RequestFor, new CleanupBounds(attempts, TimeSpan.Zero, deadline ?? TimeSpan.FromMinutes(1)));

    [Test]
    public async Task A_created_resource_is_deleted_and_read_back_as_gone()
    {
        var api = new FakeApi();
        api.Items.Add("/api/gastos/7");
        var ledger = new CleanupLedger();
        ledger.Register(Gasto("7"));
        var results = await Runner(api).RunAsync(ledger, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(results.Single().Gone, Is.True);
            Assert.That(results.Single().Verification, Is.EqualTo("DELETE → 204; GET → 404"));
            Assert.That(api.Sent, Is.EqualTo(new[] { "DELETE /api/gastos/7", "GET /api/gastos/7" }));
        });
    }

    [Test]
    public async Task A_resource_the_run_deleted_is_only_read_back()
    {
        var api = new FakeApi();
        var ledger = new CleanupLedger();
        ledger.Register(Gasto("7"));
        ledger.MarkDeletedByRun("/api/gastos", "7", await api.SendAsync(RequestFor("DELETE", new Uri(Api, "/api/gastos/7")), default));
        api.Sent.Clear();
        var results = await Runner(api).RunAsync(ledger, CancellationToken.None);
        Assert.That(results.Single().Verification, Is.EqualTo("DELETE by the run → 404; GET → 404"));
        Assert.That(api.Sent, Is.EqualTo(new[] { "GET /api/gastos/7" }));
    }

    [Test]
    public async Task A_delete_that_keeps_the_row_is_retried_within_the_bound_then_reported()
    {
        var api = new FakeApi { Keeps = true };
        api.Items.Add("/api/gastos/7");
        var ledger = new CleanupLedger();
        ledger.Register(Gasto("7"));
        var result = (await Runner(api, attempts: 3).RunAsync(ledger, CancellationToken.None)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(result.Gone, Is.False);
            Assert.That(result.Attempts, Is.EqualTo(3));
            Assert.That(api.Sent.Count(s => s.StartsWith("DELETE", StringComparison.Ordinal)), Is.EqualTo(3));
            Assert.That(result.Verification, Is.EqualTo("still there after 3 DELETE attempt(s): DELETE → 204; GET → 200"));
        });
    }

    [Test]
    public async Task Retries_go_in_rounds_so_many_leftovers_cost_one_pause_per_round()
    {
        var api = new FakeApi { Keeps = true };
        api.Items.UnionWith(["/api/gastos/1", "/api/gastos/2"]);
        var ledger = new CleanupLedger();
        ledger.Register(Gasto("1"));
        ledger.Register(Gasto("2"));
        var results = await Runner(api, attempts: 2).RunAsync(ledger, CancellationToken.None);
        Assert.That(results.Select(r => r.Attempts), Is.EqualTo(new[] { 2, 2 }));
        Assert.That(api.Sent, Is.EqualTo(new[]
        {
            "DELETE /api/gastos/1", "GET /api/gastos/1", "DELETE /api/gastos/2", "GET /api/gastos/2",
            "DELETE /api/gastos/1", "GET /api/gastos/1", "DELETE /api/gastos/2", "GET /api/gastos/2",
        }), "every resource once, then the ones still there again");
    }

    [Test]
    public async Task A_resource_removed_with_another_method_is_read_back_where_the_deployment_serves_it()
    {
        var api = new FakeApi();
        api.Items.Add("/api/gastos/7");
        var ledger = new CleanupLedger();
        ledger.Register(Gasto("7") with { ItemUrl = new Uri(Api, "/api/gastos/7/archive"), DeleteMethod = "POST", ReadBackUrl = new Uri(Api, "/api/gastos/7") });
        var result = (await Runner(api, attempts: 2).RunAsync(ledger, CancellationToken.None)).Single();
        Assert.Multiple(() =>
        {
            // This fake API knows no archive route: the item stays, and the account says with which request it was tried.
            Assert.That(api.Sent, Is.EqualTo(new[] { "POST /api/gastos/7/archive", "GET /api/gastos/7", "POST /api/gastos/7/archive", "GET /api/gastos/7" }));
            Assert.That((result.Gone, result.Verification), Is.EqualTo((false, "still there after 2 DELETE attempt(s): POST → 404; GET → 200")));
            Assert.That(result.Delete!.Method, Is.EqualTo("POST"));
        });
    }

    [Test]
    public async Task A_delete_that_works_on_the_second_attempt_counts_as_gone()
    {
        var api = new FakeApi { DeletesBeforeItWorks = 1 };
        api.Items.Add("/api/gastos/7");
        var ledger = new CleanupLedger();
        ledger.Register(Gasto("7"));
        var result = (await Runner(api).RunAsync(ledger, CancellationToken.None)).Single();
        Assert.That((result.Gone, result.Attempts), Is.EqualTo((true, 2)));
    }

    [Test]
    public async Task The_deadline_bounds_the_whole_cleanup()
    {
        var api = new FakeApi { Keeps = true };
        api.Items.Add("/api/gastos/7");
        var ledger = new CleanupLedger();
        ledger.Register(Gasto("7"));
        var result = (await Runner(api, attempts: 10, deadline: TimeSpan.Zero).RunAsync(ledger, CancellationToken.None)).Single();
        Assert.That(result.Gone, Is.False);
        Assert.That(result.Attempts, Is.EqualTo(0));
        Assert.That(result.Verification, Does.StartWith("still there after 0 DELETE attempt(s): cleanup deadline of 0 s passed"));
    }

    [Test]
    public async Task A_resource_without_an_id_is_reported_not_skipped()
    {
        var ledger = new CleanupLedger();
        ledger.Register(new TrackedResource("contracts", "POST", "/api/gastos", "wrong_type", "/api/gastos", null, null, "t", "the 201 answer carried no id"));
        var results = await Runner(new FakeApi()).RunAsync(ledger, CancellationToken.None);
        Assert.That(results.Single().Verification, Is.EqualTo("not deletable: the 201 answer carried no id"));
        Assert.That(new CleanupAccount("contracts", "t", results, [], []).Judge().Failed, Is.True);
    }

    [Test]
    public void The_ledger_registers_a_resource_once()
    {
        var ledger = new CleanupLedger();
        Assert.That(ledger.Register(Gasto("7")), Is.True);
        Assert.That(ledger.Register(Gasto("7", "wrong_type")), Is.False);
        Assert.That(ledger.Resources.Single().CreatedBy, Is.EqualTo("POST /api/gastos (positive)"));
    }

    [Test]
    public void Judge_passes_only_when_cleanup_and_inventory_agree()
    {
        var gone = new CleanupResult(Gasto("7"), true, "DELETE → 204; GET → 404", 1, []);
        var pass = new CleanupAccount("contracts", "sirim-verify-r1", [gone], [], []).Judge();
        var leftover = new Leftover("/api/gastos", "9", new Uri(Api, "/api/gastos/9"), "carries the run tag sirim-verify-r1", false);
        var fail = new CleanupAccount("contracts", "sirim-verify-r1", [gone], [leftover], []).Judge();
        Assert.That(pass.Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(FailureRenderer.Render(fail, Redactor.None), Is.EqualTo(
            "[contracts] test_data_cleaned_up: 1 resource(s) created by run sirim-verify-r1   (severity high · data left behind)\n" +
            "Expected: every resource the run created deleted and read back as 404/410, and no item of the run left in the collections it wrote to\n" +
            "Actual:   1 left: /api/gastos/9 (not tracked by the run): carries the run tag sirim-verify-r1\n" +
            "Hint:     The deployment kept data the run created: its DELETE does not remove it (or the run could not find its id). Remove each with the DELETE line of the evidence, then fix the delete.\n"));
    }

    [Test]
    public void Evidence_names_what_remains_with_a_redacted_curl_delete_and_never_says_nothing_left()
    {
        var kept = new CleanupResult(Gasto("7"), false, "still there after 3 DELETE attempt(s): DELETE → 204; GET → 200", 3, [])
            { Delete = RequestFor("DELETE", new Uri(Api, "/api/gastos/7")) };
        var tracked = new Leftover("/api/gastos", "7", new Uri(Api, "/api/gastos/7"), "carries the run tag sirim-verify-r1", true);
        var account = new CleanupAccount("contracts", "sirim-verify-r1", [kept], [tracked], ["/api/gastos: listed 60 item(s) before and 61 after."], RequestFor);
        var text = account.Render(new Evidence.MarkdownDocument("t"), new Redactor(["secret-token"])).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Not.Contain("Nothing left").And.Not.Contain("secret-token"));
            Assert.That(text, Does.Contain("| /api/gastos/7 | POST /api/gastos (positive) | **NO** | still there after 3 DELETE attempt(s): DELETE → 204; GET → 200 |"));
            Assert.That(text, Does.Contain("### Left behind, and how to remove it"));
            Assert.That(text, Does.Contain("/api/gastos/7: created by POST /api/gastos (positive); still there after 3 DELETE attempt(s): DELETE → 204; GET → 200\n" +
                                           "  curl -X DELETE 'https://api.example/api/gastos/7' -H 'Authorization: Bearer [redacted]'"));
            Assert.That(account.UntrackedLeftovers, Is.Empty, "a leftover the tracked cleanup reports is named once");
        });
    }

    [Test]
    public void Evidence_says_nothing_left_when_both_agree()
    {
        var gone = new CleanupResult(Gasto("7"), true, "DELETE → 204; GET → 404", 1, []);
        var text = new CleanupAccount("contracts", "r", [gone], [], []).Render(new Evidence.MarkdownDocument("t"), Redactor.None).ToString();
        Assert.That(text, Does.Contain("Nothing left: every created resource was deleted and read back as gone, and the inventory agrees."));
    }

    [Test]
    public void Evidence_does_not_say_nothing_left_when_the_inventory_could_not_confirm_it()
    {
        var gone = new CleanupResult(Gasto("7"), true, "DELETE → 204; GET → 404", 1, []);
        var account = new CleanupAccount("contracts", "r", [gone], [], ["/api/gastos: could not be listed after the cleanup: 503."], InventoryConfirms: false);
        var text = account.Render(new Evidence.MarkdownDocument("t"), Redactor.None).ToString();
        Assert.That(text, Does.Not.Contain("Nothing left").And.Contain("the inventory could not confirm that nothing else of the run is left"));
        Assert.That(account.Judge().Status, Is.EqualTo(CheckStatus.Passed), "what was tracked is gone; the gap is stated in the evidence");
    }

    [Test]
    public void Inventory_reports_tagged_and_new_items_tracked_or_not()
    {
        var ledger = new CleanupLedger();
        ledger.Register(Gasto("61"));
        var before = new InventorySnapshot("/api/gastos", "GET /api/gastos", [new("1", ["Combustible"]), new("2", ["viaticos"])], true);
        var after = new InventorySnapshot("/api/gastos", "GET /api/gastos",
            [new("1", ["Combustible"]), new("2", ["note sirim-verify-r1"]), new("61", ["sirim-verify-r1"]), new("62", ["someone else's"])], true);
        var leftovers = Inventory.Compare(before, after, "sirim-verify-r1", ledger, id => new Uri(Api, "/api/gastos/" + id));
        Assert.That(leftovers.Select(l => $"{l.Id}|{l.Why}|{l.Tracked}"), Is.EqualTo(new[]
        {
            "2|carries the run tag sirim-verify-r1|False",
            "61|carries the run tag sirim-verify-r1 and is new since the start|True",
            "62|new since the start of the run|False",
        }));
    }

    [Test]
    public void Only_untracked_items_that_carry_the_tag_and_are_new_are_adopted_for_the_cleanup()
    {
        var ledger = new CleanupLedger();
        ledger.Register(new TrackedResource("load", "POST", "/api/gastos", "add", "/api/gastos", "61", new Uri(Api, "/api/gastos/61"), "sirim-verify-r1"));
        var before = new InventorySnapshot("/api/gastos", "GET /api/gastos", [new("1", ["Combustible"]), new("2", ["viaticos"])], true);
        var after = new InventorySnapshot("/api/gastos", "GET /api/gastos",
            [new("2", ["note sirim-verify-r1"]), new("61", ["sirim-verify-r1"]), new("62", ["someone else's"]), new("63", ["sirim-verify-r1 #7"])], true);
        var leftovers = Inventory.Compare(before, after, "sirim-verify-r1", ledger, id => new Uri(Api, "/api/gastos/" + id));
        var adopted = Inventory.AdoptUntracked(leftovers, "load", "sirim-verify-r1", ledger);
        Assert.Multiple(() =>
        {
            // 2 was there before the run (someone's note mentions the tag), 61 is tracked already, 62 lacks the tag: none is adopted.
            Assert.That(adopted.Select(r => (r.Id, r.ItemUrl!.AbsolutePath, r.Gate, r.Tag)), Is.EqualTo(new[] { ("63", "/api/gastos/63", "load", "sirim-verify-r1") }));
            Assert.That(adopted.Single().FoundBy, Is.EqualTo("the inventory after the cleanup (carries the run tag sirim-verify-r1 and is new since the start)"));
            Assert.That(ledger.Contains("/api/gastos", "63"), Is.True, "registered, so the next account counts it as tracked");
            Assert.That(Inventory.AdoptUntracked(leftovers, "load", "sirim-verify-r1", ledger), Is.Empty, "adopted once");
        });
    }

    [Test]
    public void Inventory_without_a_start_listing_looks_only_for_the_tag()
    {
        var before = InventorySnapshot.Failed("/api/gastos", "GET /api/gastos", "503");
        var after = new InventorySnapshot("/api/gastos", "GET /api/gastos", [new("1", ["x"]), new("2", ["sirim-verify-r1"])], true);
        Assert.That(Inventory.Compare(before, after, "sirim-verify-r1", new CleanupLedger(), _ => null).Select(l => l.Id), Is.EqualTo(new[] { "2" }));
    }

    private static ExchangeResponse Answer(string body, string? location = null) =>
        new(201, "Created", "1.1", location is null ? [] : [new HttpHeader("Location", location)], body, body.Length);

    // name, Location header, body, id names, expected id, expected source
    [TestCase("absolute Location", "https://api.example/api/gastos/41", "{}", "id", "41", "Location header")]
    [TestCase("relative Location", "/api/gastos/42", "{\"id\":1}", "id", "42", "Location header")]
    [TestCase("Location with a trailing slash", "/api/gastos/43/", "{}", "id", "43", "Location header")]
    [TestCase("top level", null, "{\"id\":44,\"concepto\":\"x\"}", "id", "44", "body property 'id'")]
    [TestCase("wrapped in data", null, "{\"data\":{\"id\":45}}", "id", "45", "body property 'data.id'")]
    [TestCase("wrapped in another object", null, "{\"result\":{\"id\":\"a-46\"},\"meta\":{}}", "id", "a-46", "body property 'result.id'")]
    [TestCase("named by the schema or path parameter", null, "{\"gastoId\":47,\"empresaId\":1}", "gastoId,id", "47", "body property 'gastoId'")]
    public void Created_id_is_found_wherever_the_answer_puts_it(string name, string? location, string body, string names, string id, string source)
    {
        var found = CreatedId.From(Answer(body, location), new Uri(Api, "/api/gastos"), "/api/gastos", names.Split(','));
        Assert.That(found, Is.EqualTo(new CreatedId.Found(id, source)), name);
    }

    [TestCase("{\"concepto\":\"x\"}")]
    [TestCase("[{\"id\":1}]")]
    [TestCase("not json")]
    [TestCase("{\"id\":{\"nested\":1}}")]
    public void No_id_is_invented(string body) =>
        Assert.That(CreatedId.From(Answer(body), new Uri(Api, "/api/gastos"), "/api/gastos", ["id"]), Is.Null);
}
