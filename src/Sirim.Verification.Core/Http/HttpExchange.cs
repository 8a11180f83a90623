using System.Text;

namespace Sirim.Verification.Core.Http;

/// <summary>One header line as it went over the wire.</summary>
public sealed record HttpHeader(string Name, string Value);

/// <summary>A request as the suite sent it.</summary>
public sealed record ExchangeRequest(
    string Method,
    Uri Url,
    IReadOnlyList<HttpHeader> Headers,
    string? Body = null,
    string? ContentType = null)
{
    public static ExchangeRequest Get(Uri url, params HttpHeader[] headers) => new("GET", url, headers);

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;
}

/// <summary>A response as the suite received it. Text bodies are kept whole; <see cref="BodyBytes"/> counts the raw size.</summary>
public sealed record ExchangeResponse(
    int Status,
    string Reason,
    string HttpVersion,
    IReadOnlyList<HttpHeader> Headers,
    string Body,
    long BodyBytes)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>The media type of Content-Type without parameters, lower case; null when absent.</summary>
    public string? MediaType => Header("Content-Type")?.Split(';')[0].Trim().ToLowerInvariant();

    public bool IsJson => MediaType is { } m && (m == "application/json" || m.EndsWith("+json", StringComparison.Ordinal));
}

/// <summary>
/// One HTTP request and what came back (or why nothing came back). Every check judges an exchange; every report and
/// attachment renders one through a <see cref="Redactor"/>.
/// </summary>
public sealed record HttpExchange(
    ExchangeRequest Request,
    ExchangeResponse? Response,
    TimeSpan Elapsed,
    DateTimeOffset StartedAt,
    string? TransportError = null)
{
    public int? Status => Response?.Status;

    public string Subject => $"{Request.Method} {Request.Url.PathAndQuery}";

    /// <summary>The exchange as curl -i would show it, request first; secrets redacted.</summary>
    public string ToRawText(Redactor redactor, int? maxBodyChars = null)
    {
        var sb = new StringBuilder();
        sb.Append("> ").Append(Request.Method).Append(' ').Append(redactor.Text(Request.Url.ToString())).Append('\n');
        foreach (var h in Request.Headers) sb.Append("> ").Append(h.Name).Append(": ").Append(redactor.HeaderValue(h.Name, h.Value)).Append('\n');
        if (Request.Body is not null)
            sb.Append(">\n").Append(Truncate(redactor.Text(Request.Body), maxBodyChars)).Append('\n');
        sb.Append('\n');
        if (Response is null)
        {
            sb.Append("< (no response: ").Append(TransportError).Append(", after ").Append((int)Elapsed.TotalMilliseconds).Append(" ms)\n");
            return sb.ToString();
        }
        sb.Append("< HTTP/").Append(Response.HttpVersion).Append(' ').Append(Response.Status).Append(' ').Append(Response.Reason)
          .Append("   (").Append((int)Elapsed.TotalMilliseconds).Append(" ms)\n");
        foreach (var h in Response.Headers) sb.Append("< ").Append(h.Name).Append(": ").Append(redactor.HeaderValue(h.Name, h.Value)).Append('\n');
        sb.Append("<\n").Append(Truncate(redactor.Text(Response.Body), maxBodyChars)).Append('\n');
        return sb.ToString();
    }

    /// <summary>A curl command line that repeats the request; secrets replaced by placeholders.</summary>
    public string ToCurl(Redactor redactor)
    {
        var sb = new StringBuilder("curl -i -X ").Append(Request.Method).Append(' ').Append(Quote(redactor.Text(Request.Url.ToString())));
        foreach (var h in Request.Headers)
            sb.Append(" -H ").Append(Quote($"{h.Name}: {redactor.HeaderValue(h.Name, h.Value)}"));
        if (Request.Body is not null)
        {
            if (Request.Body.Length > 2048) sb.Append(" --data-binary @body.txt   # ").Append(Request.Body.Length).Append(" bytes, see the attached exchange");
            else sb.Append(" --data-raw ").Append(Quote(redactor.Text(Request.Body)));
        }
        return sb.ToString();
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    private static string Truncate(string text, int? max) =>
        max is { } m && text.Length > m ? text[..m] + $"\n… ({text.Length - m} more characters in the attached exchange)" : text;
}
