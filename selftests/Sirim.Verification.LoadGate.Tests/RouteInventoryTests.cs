using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;
using Sirim.Verification.LoadGate.Http;
using Sirim.Verification.LoadGate.Routes;

namespace Sirim.Verification.LoadGate.Tests;

/// <summary>
/// The load's inventory: a list answer read through the route's pointers (plain array, wrapped lists, totals), paged
/// listing bounded by inventoryMaxPages, and the account judged from the listings before and after: an item of the run
/// the ledger never tracked is named, and "nothing left" is said only when the inventory agrees.
/// </summary>
public sealed class RouteInventoryTests
{
    private const string Tag = "sirim-verification load run1";
    private const string Gastos = "/api/gastos";
    private static readonly Uri Api = new("http://127.0.0.1:5080");

    [TestCase("""[{"id":1,"concepto":"a"},{"id":"x2","nested":{"t":"b"}}]""", "", null, new[] { "1", "x2" }, null, TestName = "read: the answer is the array")]
    [TestCase("""{"items":[{"id":3},{"nombre":"no id"}],"total":7}""", "/items", "/total", new[] { "3" }, 7L, TestName = "read: items and total of the default list; an item without id is skipped")]
    [TestCase("""{"data":[{"id":4},{"id":5}],"meta":{"total":2}}""", "/data", "/meta/total", new[] { "4", "5" }, 2L, TestName = "read: the alt profile's {data, meta} envelope")]
    public void A_list_answer_is_read_through_the_route_pointers(string body, string items, string? total, string[] ids, long? expectedTotal)
    {
        var (read, readTotal, problem) = RouteInventory.Read(body, new InventoryTemplate("/x", items, "/id", total));
        Assert.That(problem, Is.Null);
        Assert.That(read.Select(i => i.Id), Is.EqualTo(ids));
        Assert.That(readTotal, Is.EqualTo(expectedTotal));
    }

    [TestCase("""{"data":[]}""", "/items", null, "no array at itemsPointer '/items' of the answer", TestName = "read refused: nothing at the items pointer")]
    [TestCase("""{"items":[]}""", "/items", "/meta/total", "no whole number at totalPointer '/meta/total' of the answer", TestName = "read refused: no total")]
    [TestCase("""<html>""", "", null, "the answer is not JSON (", TestName = "read refused: not JSON")]
    public void A_list_answer_that_cannot_be_read_says_why(string body, string items, string? total, string problem)
    {
        var (read, _, why) = RouteInventory.Read(body, new InventoryTemplate("/x", items, "/id", total));
        Assert.That(read, Is.Empty);
        Assert.That(why, Does.StartWith(problem));
    }

    [Test]
    public void An_item_carries_every_string_it_holds_so_the_run_tag_is_found_wherever_it_is()
    {
        var (read, _, _) = RouteInventory.Read($$$"""[{"id":9,"monto":1.5,"detalle":{"notas":["x","{{{Tag}}} #3"]}}]""", new InventoryTemplate("/x"));
        Assert.That(read.Single().Texts, Is.EqualTo(new[] { "x", Tag + " #3" }));
    }

    [Test]
    public async Task A_paged_list_is_read_until_its_total_and_each_page_is_a_request_of_its_own()
    {
        var pages = new Dictionary<string, string>
        {
            ["1"] = """{"items":[{"id":1},{"id":2}],"total":3}""",
            ["2"] = """{"items":[{"id":3}],"total":3}""",
        };
        var sent = new List<string>();
        var snapshot = await ListAsync("/api/gastos?empresaId={empresaId}&page={page}&pageSize=2", "/items", "/total", 10, sent,
            url => pages[System.Web.HttpUtility.ParseQueryString(url.Query)["page"]!]);
        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.EqualTo(new[] { "/api/gastos?empresaId=7&page=1&pageSize=2", "/api/gastos?empresaId=7&page=2&pageSize=2" }));
            Assert.That(snapshot.Items.Select(i => i.Id), Is.EqualTo(new[] { "1", "2", "3" }));
            Assert.That((snapshot.Complete, snapshot.Problem, snapshot.Collection), Is.EqualTo((true, (string?)null, Gastos)));
        });
    }

    [Test]
    public async Task A_paged_list_stops_at_inventory_max_pages_and_says_it_is_not_complete()
    {
        var sent = new List<string>();
        var snapshot = await ListAsync("/x?page={page}", "", null, 3, sent,
            url => $$"""[{"id":"{{url.Query}}"}]""");
        Assert.That(sent, Has.Count.EqualTo(3), "bounded by inventoryMaxPages");
        Assert.That((snapshot.Items.Count, snapshot.Complete), Is.EqualTo((3, false)));
    }

    [Test]
    public async Task A_list_that_fails_gives_a_snapshot_with_its_problem()
    {
        var snapshot = await ListAsync("/x?page={page}", "", null, 3, [], _ => null);
        Assert.That(snapshot.Problem, Is.EqualTo("GET /x?page=1 answered 500"));
        Assert.That(snapshot.Complete, Is.False);
    }

    [Test]
    public void An_untracked_tagged_item_is_found_only_by_the_inventory_and_fails_the_check()
    {
        // The ledger tracked gasto 101 (deleted, read back as gone); gasto 102 was created too, but its id was never read.
        var ledger = new CleanupLedger();
        var tracked = Resource("101");
        ledger.Register(tracked);
        var results = new[] { new CleanupResult(tracked, true, "DELETE by the run → 204; GET → 404", 0, []) };
        var before = Snapshot(Entry("1", "Papelería"), Entry("2", "Taxi"));
        var after = Snapshot(Entry("1", "Papelería"), Entry("2", "Taxi"), Entry("102", Tag));
        var account = Account(ledger, results, (before, after));
        var outcome = account.Judge(Severity.Medium);
        var text = FailureRenderer.Render(outcome, Redactor.None);
        var evidence = account.Render(new MarkdownDocument("t"), Redactor.None).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(results.All(r => r.Gone), Is.True, "the tracked cleanup alone would say nothing is left");
            Assert.That(account.Leftovers, Is.EqualTo(new[]
            {
                new Leftover(Gastos, "102", new Uri(Api, "/api/gastos/102"), $"carries the run tag {Tag} and is new since the start", Tracked: false) { CreatedByRun = true },
            }));
            Assert.That(outcome.Failed, Is.True);
            Assert.That(text, Does.Contain($"Actual:   1 left: /api/gastos/102 (not tracked by the run): carries the run tag {Tag} and is new since the start"));
            Assert.That(evidence, Does.Contain("/api/gastos: GET /api/gastos?empresaId={empresaId}&page={page} listed 2 item(s) before the load and 3 after the cleanup.")
                .And.Contain("| /api/gastos/102 |").And.Contain("curl -X DELETE 'http://127.0.0.1:5080/api/gastos/102'"));
        });
    }

    [Test]
    public void An_item_new_since_the_start_is_named_even_without_the_run_tag()
    {
        var account = Account(new CleanupLedger(), [], (Snapshot(Entry("1", "a")), Snapshot(Entry("1", "a"), Entry("5", "sin etiqueta"))));
        Assert.That(account.Leftovers.Select(l => (l.Id, l.Why)), Is.EqualTo(new[] { ("5", "new since the start of the run") }));
        Assert.That(account.Judge().Failed, Is.True);
    }

    [Test]
    public void Nothing_left_is_said_when_the_tracked_cleanup_and_the_inventory_agree()
    {
        var ledger = new CleanupLedger();
        var tracked = Resource("101");
        ledger.Register(tracked);
        var account = Account(ledger, [new CleanupResult(tracked, true, "DELETE by the run → 204; GET → 404", 0, [])],
            (Snapshot(Entry("1", "a")), Snapshot(Entry("1", "a"))));
        Assert.That((account.InventoryConfirms, account.Judge().Failed), Is.EqualTo((true, false)));
        Assert.That(account.Render(new MarkdownDocument("t"), Redactor.None).ToString(),
            Does.Contain("Nothing left: every created resource was deleted and read back as gone, and the inventory agrees."));
    }

    [TestCase(false, true, "/api/gastos: could not be listed after the cleanup: GET /x answered 503.", TestName = "no confirmation: the list failed after the cleanup")]
    [TestCase(true, false, "(stopped at 10 page(s), setting inventoryMaxPages: older items not compared).", TestName = "no confirmation: the page bound stopped the listing")]
    public void The_inventory_does_not_confirm_when_a_listing_is_missing_or_cut_short(bool listedAfter, bool complete, string note)
    {
        var after = listedAfter ? Snapshot(Entry("1", "a")) with { Complete = complete } : InventorySnapshot.Failed(Gastos, "GET /x", "GET /x answered 503");
        var account = Account(new CleanupLedger(), [], (Snapshot(Entry("1", "a")), after));
        Assert.That((account.InventoryConfirms, account.Judge().Failed), Is.EqualTo((false, false)));
        Assert.That(account.InventoryNotes.Single(), Does.EndWith(note));
    }

    [Test]
    public void A_collection_written_to_without_a_list_operation_is_said_to_be_unconfirmed()
    {
        var account = RouteInventory.Account("load", Tag, [], new CleanupLedger(), [Gastos], [], (_, _) => null, null, 10);
        Assert.That(account.InventoryConfirms, Is.False);
        Assert.That(account.InventoryNotes, Is.EqualTo(new[]
        {
            "/api/gastos: the load's routes name no list operation (inventory in the routes file), so no inventory was taken; each created item was read back instead.",
        }));
    }

    private static CleanupAccount Account(CleanupLedger ledger, IReadOnlyList<CleanupResult> results, (InventorySnapshot, InventorySnapshot) snapshots) =>
        RouteInventory.Account("load", Tag, results, ledger, [Gastos], [snapshots], (_, id) => new Uri(Api, "/api/gastos/" + id),
            (method, url) => new ExchangeRequest(method, url, []), 10);

    private static TrackedResource Resource(string id) =>
        new("load", "POST", Gastos, "write_gasto", Gastos, id, new Uri(Api, "/api/gastos/" + id), Tag);

    private static InventoryEntry Entry(string id, string text) => new(id, [text]);

    private static InventorySnapshot Snapshot(params InventoryEntry[] items) =>
        new(Gastos, "GET /api/gastos?empresaId={empresaId}&page={page}", items, true);

    /// <summary>Lists through <see cref="RouteInventory.ListAsync"/> against answers given by URL (null: a 500).</summary>
    private static Task<InventorySnapshot> ListAsync(string path, string items, string? total, int maxPages, List<string> sent, Func<Uri, string?> answer)
    {
        var route = new CriticalRoute("write_gasto", RouteKind.Request, Gastos, 1)
        {
            Method = "POST", CreatedIdPointer = "/id", Cleanup = new CleanupTemplate("DELETE", "/api/gastos/{id}", [204], "/api/gastos/{id}"),
            Inventory = new InventoryTemplate(path, items, "/id", total),
        };
        var env = new Dictionary<string, string> { ["SIRIM_API_URL"] = Api.ToString(), ["SIRIM_RUN_ID"] = "run1", ["SIRIM_LOAD_EMPRESA_ID"] = "7" };
        var options = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null)).Options!;
        var values = RouteValues.Bind([route], options).Values!;
        return RouteInventory.ListAsync(Gastos, route, values, options.Api, (request, _) =>
        {
            sent.Add(request.Url.PathAndQuery);
            var body = answer(request.Url);
            return Task.FromResult(new HttpExchange(request,
                new ExchangeResponse(body is null ? 500 : 200, body is null ? "Internal Server Error" : "OK", "1.1", [], body ?? "", body?.Length ?? 0),
                TimeSpan.Zero, DateTimeOffset.UtcNow));
        }, (method, url) => new ExchangeRequest(method, url, []), maxPages, CancellationToken.None);
    }
}
