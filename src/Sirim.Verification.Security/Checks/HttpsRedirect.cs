using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>https_redirect</c>: a plain-HTTP request is redirected (301, 302, 307 or 308) to the same path over HTTPS
/// (OWASP Transport Layer Security Cheat Sheet), never served.
/// </summary>
public sealed class HttpsRedirect : ICheck<HttpExchange>
{
    public string Id => "https_redirect";
    public Severity Severity => Severity.High;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r)
            return Verdict.NotApplicable(this, exchange, "plain HTTP not answered: " + exchange.TransportError);
        var location = r.Header("Location");
        var target = location is not null && Uri.TryCreate(exchange.Request.Url, location, out var u) ? u : null;
        var ok = r.Status is 301 or 302 or 307 or 308 && target?.Scheme == Uri.UriSchemeHttps &&
                 target.AbsolutePath == exchange.Request.Url.AbsolutePath;
        return ok
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, "301/302/307/308 to https:// with the same path",
                $"{r.Status} {r.Reason}, Location {Verdict.Show(location)}",
                "Redirect every plain-HTTP request to HTTPS (308 keeps the method and body).");
    }
}
