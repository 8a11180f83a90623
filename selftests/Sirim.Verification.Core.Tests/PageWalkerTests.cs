using System.Text.Json.Nodes;
using Sirim.Verification.Core.Cleanup;

namespace Sirim.Verification.Core.Tests;

/// <summary>The one list page walker and wrapped-list item finder of every gate: where a walk stops, and why.</summary>
public sealed class PageWalkerTests
{
    private static ListPage Page(params string[] ids) => new(ids.Select(id => new InventoryEntry(id, [])).ToList());

    /// <summary>Walks the given pages (page n is pages[n-1]; past the end: an empty page) and counts the reads.</summary>
    private static async Task<(PageWalk Walk, int Reads)> Walk(IReadOnlyList<ListPage> pages, bool paged = true, int maxPages = 10, PageStops? stops = null)
    {
        var reads = 0;
        var walk = await PageWalker.WalkAsync((n, _) =>
        {
            reads++;
            return Task.FromResult(n <= pages.Count ? pages[n - 1] : Page());
        }, paged, maxPages, CancellationToken.None, stops);
        return (walk, reads);
    }

    [Test]
    public async Task An_empty_page_is_the_end()
    {
        var (walk, reads) = await Walk([Page("1", "2"), Page("3")]);
        Assert.That((walk.Items.Select(i => i.Id), walk.Complete, reads, walk.Problem), Is.EqualTo((new[] { "1", "2", "3" }, true, 3, (string?)null)));
    }

    [Test]
    public async Task The_stated_total_ends_the_walk()
    {
        var (walk, reads) = await Walk([Page("1", "2") with { Total = 3 }, Page("3") with { Total = 3 }, Page("4")]);
        Assert.That((walk.Items.Count, walk.Complete, reads), Is.EqualTo((3, true, 2)));
    }

    [Test]
    public async Task A_list_that_ignores_the_page_ends_when_nothing_is_new_unless_told_otherwise()
    {
        var same = Page("1", "2");
        var (stopped, reads) = await Walk([same, same, same, same], maxPages: 4);
        Assert.That((stopped.Items.Count, stopped.Complete, reads), Is.EqualTo((2, true, 2)));
        var (bounded, boundedReads) = await Walk([same, same, same, same], maxPages: 4, stops: new PageStops(WhenNothingNew: false));
        Assert.That((bounded.Items.Count, bounded.Complete, boundedReads), Is.EqualTo((2, false, 4)), "the page bound stops it: not complete");
    }

    [Test]
    public async Task A_short_page_is_the_last_when_asked()
    {
        var pages = new[] { Page("1", "2"), Page("3"), Page("4", "5") };
        Assert.That((await Walk(pages, stops: new PageStops(AtShortPage: true))).Reads, Is.EqualTo(2));
        Assert.That((await Walk(pages)).Reads, Is.EqualTo(4), "without the short-page stop it reads on to the empty page");
    }

    [Test]
    public async Task The_page_bound_leaves_the_walk_incomplete()
    {
        var (walk, reads) = await Walk([Page("1"), Page("2"), Page("3")], maxPages: 2);
        Assert.That((walk.Items.Count, walk.Complete, reads, walk.Pages), Is.EqualTo((2, false, 2, 2)));
        Assert.That(walk.Snapshot("/api/x", "GET /api/x").Complete, Is.False);
    }

    [Test]
    public async Task An_unreadable_page_stops_with_its_problem()
    {
        var (walk, reads) = await Walk([Page("1"), ListPage.Unreadable("GET /api/x?page=2 answered 500"), Page("3")]);
        Assert.That((walk.Items.Count, reads, walk.Problem), Is.EqualTo((1, 2, "GET /api/x?page=2 answered 500")));
        Assert.That(walk.Snapshot("/api/x", "GET /api/x").Problem, Is.EqualTo("GET /api/x?page=2 answered 500"));
    }

    [Test]
    public async Task A_list_without_pages_is_read_once_and_its_total_says_whether_that_is_all()
    {
        var (whole, reads) = await Walk([Page("1", "2")], paged: false);
        Assert.That((whole.Complete, reads), Is.EqualTo((true, 1)));
        var (partial, _) = await Walk([Page("1", "2") with { Total = 5 }], paged: false);
        Assert.That(partial.Complete, Is.False);
    }

    [TestCase("""[{"id":1}]""", null, "[{\"id\":1}]", TestName = "wrapped list: an array answer is the list")]
    [TestCase("""{"meta":[1],"rows":[{"id":1}]}""", "rows", "[{\"id\":1}]", TestName = "wrapped list: the documented property first")]
    [TestCase("""{"meta":[1],"data":[{"id":2}]}""", null, "[{\"id\":2}]", TestName = "wrapped list: then a conventional property")]
    [TestCase("""{"total":1,"gastos":[{"id":3}]}""", null, "[{\"id\":3}]", TestName = "wrapped list: then the first array")]
    [TestCase("""{"id":1}""", null, null, TestName = "wrapped list: no array, no list")]
    public void Wrapped_list_items_are_found_the_same_way_everywhere(string body, string? property, string? expected) =>
        Assert.That(WrappedList.Items(JsonNode.Parse(body), property)?.ToJsonString(), Is.EqualTo(expected));
}
