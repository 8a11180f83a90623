using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Security.Checks;

/// <summary>
/// <c>contract_readable</c>: the OpenAPI document at contractFile, when it is a URL, answers 200; the security gate probes every
/// GET route it declares, so without it no route can be checked.
/// </summary>
public static class ContractReadable
{
    public const string Id = "contract_readable";

    public static CheckOutcome Evaluate(string source, HttpExchange exchange) => exchange.Status == 200
        ? CheckOutcome.Pass(SecurityGate.Name, Id, source, Severity.High, exchange)
        : CheckOutcome.Fail(SecurityGate.Name, Id, source, Severity.High, "200 with the OpenAPI document",
            exchange.Status?.ToString() ?? $"no response: {exchange.TransportError}",
            "Set contractFile (SIRIM_CONTRACT_FILE) to where the deployed API publishes its OpenAPI document, or to the committed file.", exchange);
}
