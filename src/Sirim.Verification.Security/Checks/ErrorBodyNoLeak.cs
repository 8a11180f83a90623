using System.Text.RegularExpressions;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>error_no_leak</c>: error bodies (status 400 and above) carry no stack trace, SQL or server file path (OWASP
/// Error Handling Cheat Sheet; ZAP passive rules 10023 and 90022). The match is named, never the whole body.
/// </summary>
public sealed partial class ErrorBodyNoLeak : ICheck<HttpExchange>
{
    private static readonly (string Kind, Regex Pattern)[] Leaks =
    [
        ("a .NET stack trace", DotNetFrame()),
        ("a stack trace", OtherFrames()),
        ("an exception type", ExceptionType()),
        ("SQL or a database error", Sql()),
        ("a server file path", FilePath()),
    ];

    public string Id => "error_no_leak";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        if (r.Status < 400) return Verdict.NotApplicable(this, exchange, "not an error response");
        var found = new List<string>();
        foreach (var (kind, pattern) in Leaks)
            if (pattern.Match(r.Body) is { Success: true } m)
                found.Add($"{kind}: \"{Excerpt(m.Value)}\"");
        return found.Count == 0
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, "an error body without stack traces, SQL or file paths",
                $"{r.Status} body contains {string.Join("; ", found)}",
                "Log the exception on the server and answer a generic problem+json with a request id; never serialise the exception.");
    }

    private static string Excerpt(string s) => (s.Length > 100 ? s[..100] + "…" : s).Replace("\n", " ").Replace("\r", "");

    [GeneratedRegex(@"\bat [A-Za-z_][\w.`<>+]*\.[\w<>`]+\([^)\n]*\)( in [^\n]+:line \d+)?")]
    private static partial Regex DotNetFrame();

    [GeneratedRegex(@"Traceback \(most recent call last\)|\bat [\w.$]+\([\w]+\.(java|kt|scala):\d+\)|\bat [\w.<>]+ \(/[^)\n]+:\d+:\d+\)")]
    private static partial Regex OtherFrames();

    [GeneratedRegex(@"\b(System|Microsoft|Npgsql|java\.lang|org\.\w+)\.[\w.]*Exception\b")]
    private static partial Regex ExceptionType();

    [GeneratedRegex(@"syntax error at or near|\bSQLSTATE\b|\bORA-\d{5}\b|PG::\w+Error|relation ""[^""]+"" does not exist|\bSELECT\b[^\n]{1,200}?\bFROM\b|\bINSERT INTO\b|\bUPDATE\b[^\n]{1,100}\bSET\b")]
    private static partial Regex Sql();

    [GeneratedRegex(@"(?<![\w/.:])(?:[A-Za-z]:\\[\w\\ .-]+|/(?:home|usr|var|opt|app|srv|root|tmp|src|build|workspace)/[\w./-]+)|\.(cs|java|py|js|ts|go|rb|php):line \d+")]
    private static partial Regex FilePath();
}
