using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>server_no_version</c>: the Server header, if sent, names no version (OWASP ZAP passive rule 10036): a version
/// tells an attacker which known vulnerabilities to try.
/// </summary>
public sealed class ServerNoVersion : ICheck<HttpExchange>
{
    public string Id => "server_no_version";
    public Severity Severity => Severity.Low;

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { } r) return Verdict.NoResponse(this, exchange);
        var value = r.Header("Server");
        return value is null || !value.Any(char.IsAsciiDigit)
            ? Verdict.Pass(this, exchange)
            : Verdict.Fail(this, exchange, "no Server header, or one without a version", $"Server: {value}",
                "Remove the Server header or its version (nginx: server_tokens off; Kestrel: AddServerHeader = false).");
    }
}
