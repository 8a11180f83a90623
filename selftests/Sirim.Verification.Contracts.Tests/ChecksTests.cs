using Sirim.Verification.Contracts.Checks;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>Each check on a passing and a failing exchange; the failing ones pin the rendered message.</summary>
public sealed class ChecksTests
{
    private static ContractDocument _doc = null!;
    private static ErrorShape _shape = null!;

    [OneTimeSetUp]
    public async Task Load()
    {
        _doc = (await ContractLoader.ParseAsync(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples", "mini.openapi.json")), "mini", CancellationToken.None)).Document!;
        var root = Sirim.Verification.Core.RepositoryRoot.Find();
        _shape = (await ErrorShape.LoadAsync(Path.Combine(root, "contracts", "problem-details.schema.json"), "application/problem+json", CancellationToken.None)).Shape!;
    }

    private static HttpExchange Exchange(string method, string path, int status, string body, string? contentType = "application/json", params HttpHeader[] extra)
    {
        var headers = new List<HttpHeader>(extra);
        if (contentType is not null) headers.Add(new HttpHeader("Content-Type", contentType));
        return new HttpExchange(new ExchangeRequest(method, new Uri("http://127.0.0.1:5000" + path), []),
            new ExchangeResponse(status, status == 200 ? "OK" : "Status", "1.1", headers, body, body.Length), TimeSpan.FromMilliseconds(12), DateTimeOffset.UnixEpoch);
    }

    private static CaseContext Ctx(string method, string path, CaseKind kind = CaseKind.Positive, string? allow = null) =>
        new(_doc.Find(method, path)!, kind, _shape, allow);

    private static string Render(CheckOutcome o) => FailureRenderer.Render(o, Redactor.None);

    [Test]
    public void Response_schema_conformance_passes_a_valid_body_and_names_the_missing_field()
    {
        var check = new ResponseSchemaConformance(_doc.Schemas);
        Assert.That(check.Evaluate(Ctx("GET", "/items/{id}"), Exchange("GET", "/items/1", 200, """{"id":1,"name":"x","note":null}""")).Status, Is.EqualTo(CheckStatus.Passed));
        var failed = check.Evaluate(Ctx("GET", "/items/{id}"), Exchange("GET", "/items/1", 200, """{"id":1}"""));
        Assert.That(Render(failed), Does.StartWith("[contracts] response_schema_conformance: GET /items/1   (operation GET /items/{id}, case positive)   (severity high · contract violation)\n" +
            "Expected: a body valid against the 200 application/json schema\nActual:   #/name: required property 'name' is missing\n"));
        Assert.That(Render(failed), Does.Contain("Reproduce: curl -i -X GET 'http://127.0.0.1:5000/items/1'"));
    }

    [Test]
    public void Status_code_declared_passes_documented_and_fails_undocumented()
    {
        var check = new StatusCodeDeclared();
        Assert.That(check.Evaluate(Ctx("GET", "/items/{id}"), Exchange("GET", "/items/1", 404, "{}")).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(check.Evaluate(Ctx("GET", "/items/{id}"), Exchange("GET", "/items/1", 203, "{}"))),
            Does.Contain("Expected: one of 200, 404\nActual:   203 Status\n"));
    }

    [Test]
    public void Error_is_json_fails_an_html_error_page()
    {
        var check = new ErrorIsJson();
        Assert.That(check.Evaluate(Ctx("GET", "/items/{id}"), Exchange("GET", "/items/x", 404, """{"type":"about:blank"}""", "application/problem+json")).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(check.Evaluate(Ctx("GET", "/items/{id}"), Exchange("GET", "/items/x", 404, "<html>404</html>", "text/html"))),
            Does.Contain("Expected: a JSON error body (application/problem+json)\nActual:   404 Status, Content-Type text/html is not JSON\n"));
    }

    [Test]
    public void Error_shape_conforms_fails_another_json_shape()
    {
        var check = new ErrorShapeConforms();
        var failed = check.Evaluate(Ctx("GET", "/items"), Exchange("GET", "/items", 400, """{"error":"bad"}"""));
        Assert.That(Render(failed), Does.Contain("[contracts] error_shape_conforms: GET /items").And.Contain("Actual:   media type application/json, not application/problem+json; #/type: required property 'type' is missing"));
    }

    [Test]
    public void Method_not_allowed_requires_405_with_allow()
    {
        var check = new MethodNotAllowed();
        var ctx = Ctx("GET", "/items/{id}", CaseKind.UnsupportedMethod, "GET");
        Assert.That(check.Evaluate(ctx, Exchange("PATCH", "/items/1", 405, "{}", "application/problem+json", new HttpHeader("Allow", "GET"))).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(check.Evaluate(ctx, Exchange("PATCH", "/items/1", 404, "{}"))), Does.Contain("Expected: 405 with Allow: GET\nActual:   404 Status\n"));
    }

    [Test]
    public void Auth_required_fails_a_secured_route_answered_without_token()
    {
        var ctx = Ctx("GET", "/items", CaseKind.MissingCredentials);
        Assert.That(FixedStatus.AuthRequired.Evaluate(ctx, Exchange("GET", "/items?limit=1", 401, "{}")).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(FixedStatus.AuthRequired.Evaluate(ctx, Exchange("GET", "/items?limit=1", 200, "[]"))),
            Does.StartWith("[contracts] auth_required: GET /items?limit=1   (operation GET /items, case missing_credentials)   (severity critical · accepted)\nExpected: 401\nActual:   200 OK\n"));
    }

    [TestCase(200, FindingKind.Accepted, Severity.Critical, TestName = "auth_required: 200 without credentials is accepted, critical")]
    [TestCase(403, FindingKind.WrongRefusal, Severity.Medium, TestName = "auth_required: 403 for 401 is a wrong refusal, medium")]
    [TestCase(400, FindingKind.WrongRefusal, Severity.Low, TestName = "auth_required: 400 (validation before auth) is a wrong refusal, low")]
    [TestCase(404, FindingKind.WrongRefusal, Severity.Low, TestName = "auth_required: 404 is a wrong refusal, low")]
    [TestCase(405, FindingKind.WrongRefusal, Severity.Low, TestName = "auth_required: 405 is a wrong refusal, low")]
    public void Auth_required_kind_follows_what_was_seen(int status, FindingKind kind, Severity severity)
    {
        var outcome = FixedStatus.AuthRequired.Evaluate(Ctx("GET", "/items", CaseKind.MissingCredentials), Exchange("DELETE", "/items", status, "{}"));
        Assert.That((outcome.Failed, outcome.Kind, outcome.Severity), Is.EqualTo((true, kind, severity)));
        Assert.That(Render(outcome), Does.Contain($"(severity {severity.ToString().ToLowerInvariant()} · "));
    }

    [Test]
    public void Payload_too_large_accepted_is_high_and_a_400_is_a_wrong_refusal()
    {
        var ctx = Ctx("GET", "/items", CaseKind.BodyTooLarge);
        var accepted = FixedStatus.PayloadTooLarge.Evaluate(ctx, Exchange("POST", "/items", 201, "{}"));
        var refused = FixedStatus.PayloadTooLarge.Evaluate(ctx, Exchange("POST", "/items", 400, "{}"));
        Assert.That((accepted.Kind, accepted.Severity), Is.EqualTo((FindingKind.Accepted, Severity.High)));
        Assert.That((refused.Kind, refused.Severity), Is.EqualTo((FindingKind.WrongRefusal, Severity.Low)));
    }

    [Test]
    public void Negative_rejected_with_an_undocumented_4xx_is_a_contract_gap_and_accepted_input_is_high()
    {
        // The document lists only 400 for GET /items: a 422 refuses the input, the document just does not say so.
        var ctx = Ctx("GET", "/items", CaseKind.WrongType);
        var gap = new NegativeRejected().Evaluate(ctx, Exchange("GET", "/items?limit=x", 422, "{}"));
        var accepted = new NegativeRejected().Evaluate(ctx, Exchange("GET", "/items?limit=x", 200, "[]"));
        Assert.That((gap.Failed, gap.Kind, gap.Severity), Is.EqualTo((true, FindingKind.ContractGap, Severity.Low)));
        Assert.That(gap.Hint, Does.Contain("document it"));
        Assert.That((accepted.Kind, accepted.Severity), Is.EqualTo((FindingKind.Accepted, Severity.High)));
    }

    [Test]
    public void Status_code_declared_is_a_contract_gap_and_schema_conformance_a_contract_violation()
    {
        var undeclared = new StatusCodeDeclared().Evaluate(Ctx("GET", "/items"), Exchange("GET", "/items", 204, ""));
        Assert.That((undeclared.Kind, undeclared.Severity), Is.EqualTo((FindingKind.ContractGap, Severity.Low)));
        var offSchema = new ResponseSchemaConformance(_doc.Schemas).Evaluate(Ctx("GET", "/items/{id}"), Exchange("GET", "/items/1", 200, "{}"));
        Assert.That((offSchema.Failed, offSchema.Kind, offSchema.Severity), Is.EqualTo((true, FindingKind.ContractViolation, Severity.High)));
        var crash = new NotAServerError().Evaluate(Ctx("GET", "/items", CaseKind.WrongType), Exchange("GET", "/items?limit=x", 500, "{}"));
        Assert.That(crash.Kind, Is.EqualTo(FindingKind.ServerError));
    }

    [Test]
    public void Method_not_allowed_answered_404_is_a_low_wrong_refusal()
    {
        var outcome = new MethodNotAllowed().Evaluate(Ctx("GET", "/items/{id}", CaseKind.UnsupportedMethod, "GET"), Exchange("PATCH", "/items/1", 404, "{}"));
        Assert.That((outcome.Kind, outcome.Severity), Is.EqualTo((FindingKind.WrongRefusal, Severity.Low)));
    }

    [Test]
    public void Not_a_server_error_fails_a_500_on_bad_input()
    {
        var ctx = Ctx("GET", "/items", CaseKind.WrongType);
        Assert.That(new NotAServerError().Evaluate(ctx, Exchange("GET", "/items?limit=x", 400, "{}")).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(new NotAServerError().Evaluate(ctx, Exchange("GET", "/items?limit=x", 500, "{}"))),
            Does.Contain("Expected: a 4xx refusal\nActual:   500 Status\nHint:     Invalid input reached code that threw"));
    }

    [Test]
    public void Negative_rejected_expects_a_documented_4xx()
    {
        var ctx = Ctx("GET", "/items", CaseKind.OutOfRange);
        Assert.That(new NegativeRejected().Evaluate(ctx, Exchange("GET", "/items?limit=51", 400, "{}")).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(new NegativeRejected().Evaluate(ctx, Exchange("GET", "/items?limit=51", 200, "[]"))),
            Does.Contain("Expected: one of 400\nActual:   200 OK\nHint:     Input the contract forbids was accepted"));
    }

    [Test]
    public void Response_headers_present_names_the_missing_header()
    {
        var ctx = Ctx("POST", "/items");
        Assert.That(new ResponseHeadersPresent().Evaluate(ctx, Exchange("POST", "/items", 201, "{}", "application/json", new HttpHeader("Location", "/items/1"))).Status, Is.EqualTo(CheckStatus.Passed));
        Assert.That(Render(new ResponseHeadersPresent().Evaluate(ctx, Exchange("POST", "/items", 201, "{}"))), Does.Contain("Expected: headers Location\nActual:   missing Location\n"));
    }
}
