using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Running;

/// <summary>
/// Puts a token where the contract's security schemes carry it (a header or a query parameter), replacing any value a
/// documented parameter of the same name was given; a null token removes them all (the missing-credentials case).
/// </summary>
public static class Credentials
{
    public static void Apply(IReadOnlyList<CredentialPlacement> placements, string? token, List<HttpHeader> headers, IDictionary<string, string> query)
    {
        foreach (var placement in placements)
        {
            if (placement.Place == CredentialPlace.Header)
            {
                headers.RemoveAll(h => h.Name.Equals(placement.Name, StringComparison.OrdinalIgnoreCase));
                if (token is not null) headers.Add(new HttpHeader(placement.Name, placement.Value(token)));
            }
            else
            {
                query.Remove(placement.Name);
                if (token is not null) query[placement.Name] = placement.Value(token);
            }
        }
    }

    /// <summary>A GET of <paramref name="url"/> carrying <paramref name="token"/> where <paramref name="placements"/> put it (none when null).</summary>
    public static ExchangeRequest Get(Uri url, IReadOnlyList<CredentialPlacement> placements, string? token, params HttpHeader[] extraHeaders)
    {
        var headers = extraHeaders.ToList();
        var query = new Dictionary<string, string>();
        if (token is not null) Apply(placements, token, headers, query);
        return new ExchangeRequest("GET", WithQuery(url, query), headers);
    }

    /// <summary><paramref name="url"/> with <paramref name="query"/> appended to the query it already has.</summary>
    public static Uri WithQuery(Uri url, IReadOnlyDictionary<string, string> query)
    {
        if (query.Count == 0) return url;
        var added = string.Join("&", query.Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value)));
        var builder = new UriBuilder(url) { Query = string.IsNullOrEmpty(url.Query) ? added : url.Query.TrimStart('?') + "&" + added };
        return builder.Uri;
    }
}
