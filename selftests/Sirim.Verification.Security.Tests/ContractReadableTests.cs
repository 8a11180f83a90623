using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.Security.Checks;

namespace Sirim.Verification.Security.Tests;

/// <summary>contract_readable: the security gate's list of routes comes from the contract; an unreadable one fails with the setting to fix.</summary>
public sealed class ContractReadableTests
{
    private static HttpExchange Get(int? status) => new(
        ExchangeRequest.Get(new Uri("http://127.0.0.1:5080/openapi.json")),
        status is null ? null : new ExchangeResponse(status.Value, status == 200 ? "OK" : "Not Found", "1.1", [new HttpHeader("Content-Type", "application/json")], "{}", 2),
        TimeSpan.FromMilliseconds(3), DateTimeOffset.UnixEpoch, status is null ? "Connection refused (127.0.0.1:5080)" : null);

    [Test]
    public void A_served_contract_passes_and_a_missing_one_fails_with_the_setting_and_a_curl_line()
    {
        var source = "http://127.0.0.1:5080/openapi.json";
        var text = FailureRenderer.Render(ContractReadable.Evaluate(source, Get(404)), Redactor.None);
        Assert.Multiple(() =>
        {
            Assert.That(ContractReadable.Evaluate(source, Get(200)).Status, Is.EqualTo(CheckStatus.Passed));
            Assert.That(text, Does.StartWith("[security] contract_readable: http://127.0.0.1:5080/openapi.json   (severity high · prerequisite)\n" +
                "Expected: 200 with the OpenAPI document\nActual:   404\nHint:     Set contractFile (SIRIM_CONTRACT_FILE)")
                .And.Contain("Reproduce: curl "));
            Assert.That(ContractReadable.Evaluate(source, Get(null)).Actual, Is.EqualTo("no response: Connection refused (127.0.0.1:5080)"));
        });
    }
}
