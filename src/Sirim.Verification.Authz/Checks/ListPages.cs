using System.Text.Json.Nodes;
using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Checks;

/// <summary>The items of a walked list, each with the page (from 1) it came on, or the first page that could not be read.</summary>
public sealed record ListPages(IReadOnlyList<(JsonNode Item, int Page)> Items, (string Text, HttpExchange Exchange)? Problem)
{
    public static ListPages Read(ListWalk walk)
    {
        var items = new List<(JsonNode, int)>();
        for (var i = 0; i < walk.Pages.Count; i++)
        {
            var page = walk.Pages[i];
            if (page.Status is not (>= 200 and < 300))
                return new(items, ($"page {i + 1} answered {Checks.Refusal.Answer(page)}", page));
            if (JsonValues.Items(JsonValues.Parse(page.Response!.Body)) is not { } array)
                return new(items, ($"page {i + 1} answered {Checks.Refusal.Answer(page)} with a body that holds no list", page));
            items.AddRange(array.OfType<JsonNode>().Select(n => (n, i + 1)));
        }
        return new(items, null);
    }
}
