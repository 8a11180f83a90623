using Sirim.Verification.Contracts.Evidence;
using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Tests;

/// <summary>
/// The gate pointed at a document it did not come from: a Petstore-style sample (polymorphism with a discriminator,
/// callbacks, a cookie parameter, XML and multipart bodies, an API key scheme, a public operation) served by Stoplight Prism. The run
/// ends without throwing; what the gate cannot exercise is named in the document's unsupported list and in the
/// evidence; the operations it supports are called and judged.
/// </summary>
[TestFixture, NonParallelizable]
public sealed class ThirdPartyDocumentTests
{
    private static string Sample => Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples", "petstore-third-party.openapi.json");

    [Test]
    public async Task A_third_party_document_served_by_prism_runs_to_the_end_and_names_what_it_cannot_exercise()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var prism = await PrismMock.StartAsync(Sample, TimeSpan.FromSeconds(60), cts.Token);
        var env = new Dictionary<string, string>
        {
            ["SIRIM_ENVIRONMENT"] = "third-party", ["SIRIM_API_URL"] = prism.BaseUrl.ToString(), ["SIRIM_CONTRACT_FILE"] = Sample,
            ["SIRIM_TOKEN"] = "sample-token", ["SIRIM_RUN_ID"] = "thirdparty",
        };
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        Assert.That(loaded.Errors, Is.Empty);
        // Short: Prism never answers one of the cases (below), and the run must go on without it.
        using var client = new ExchangeClient(TimeSpan.FromSeconds(3));

        var execution = await ContractsExecution.RunAsync(loaded.Options!, RepositoryRoot.Find(), client, cts.Token);

        Assert.That(execution.Problem, Is.Null);
        var run = execution.Run!;
        var evidence = new ContractsEvidence(loaded.Options!, execution.Options, run, null, Redactor.None).Validation().ToString();
        string[] unsupported =
        [
            "schema Pet: discriminator 'petType' is not used; its oneOf/anyOf is validated as plain JSON Schema (a body must match exactly one oneOf branch)",
            "POST /pets: callbacks (onAdopted) are not exercised",
            "POST /pets: request body media type application/xml is not sent (the JSON one is)",
            "GET /pets/{petId}: cookie parameter 'session' is not sent",
            "PUT /pets/{petId}: request body media type application/xml is not synthesised (JSON only)",
            "PUT /pets/{petId}: response 200 media type application/xml is not validated (JSON bodies only)",
            "POST /pets/{petId}/photo: request body media type multipart/form-data is not synthesised (JSON only)",
            "GET /store/orders/{orderId}: response 200 media type application/xml is not validated (JSON bodies only)",
        ];
        Assert.Multiple(() =>
        {
            Assert.That(run.Committed!.Unsupported, Is.EquivalentTo(unsupported));
            foreach (var line in unsupported) Assert.That(evidence, Does.Contain("- " + line));
            // Cases that cannot be built are uncovered with the reason, in the matrix and the "not exercised" table.
            Assert.That(run.Case("PUT /pets/{petId}", "positive")!.Reason, Is.EqualTo("unsupported: request body media type application/xml is not synthesised"));
            Assert.That(run.Case("POST /pets/{petId}/photo", "positive")!.Reason, Is.EqualTo("unsupported: request body media type multipart/form-data is not synthesised"));
            Assert.That(evidence, Does.Contain("| PUT /pets/{petId} | positive | Uncovered | unsupported: request body media type application/xml is not synthesised |"));
            // The operations the gate supports were called with valid requests the mock accepted, and judged.
            foreach (var op in new[] { "GET /pets", "POST /pets", "GET /pets/{petId}", "DELETE /pets/{petId}", "GET /store/inventory" })
            {
                var positive = run.Case(op, "positive")!;
                Assert.That(positive.State, Is.EqualTo(CaseState.Passed), $"{op}: " + FailureRenderer.RenderAll(positive.Outcomes, Redactor.None));
                Assert.That(positive.Exchanges.Single().Status, Is.InRange(200, 299));
                Assert.That(positive.Outcomes.Select(o => o.CheckId), Does.Contain("response_schema_conformance").Or.Contain("status_code_declared"));
            }
            Assert.That(run.Case("POST /pets", "created_resource_fetchable")!.State, Is.EqualTo(CaseState.Passed));
            Assert.That(run.Case("GET /pets", "missing_required_parameter")!.Exchanges.Single().Status, Is.EqualTo(422));
            // The API-key operation gets the suite's token in its X-Api-Key header (raw, no "Bearer"), and no Authorization.
            var order = run.Case("GET /store/orders/{orderId}", "positive")!.Exchanges.Single();
            Assert.That(order.Status, Is.EqualTo(200));
            Assert.That(order.Request.Header("X-Api-Key"), Is.EqualTo("sample-token"));
            Assert.That(order.Request.Header("Authorization"), Is.Null);
            Assert.That(run.Case("GET /store/orders/{orderId}", "missing_credentials")!.Mutation, Is.EqualTo("no X-Api-Key header"));
            Assert.That(run.Case("GET /store/orders/{orderId}", "missing_credentials")!.Exchanges.Single().Status, Is.EqualTo(401));
            // The public operation (security: []) gets no credential at all.
            Assert.That(run.Case("GET /store/inventory", "positive")!.Exchanges.Single().Request.Header("Authorization"), Is.Null);
            // Prism 5.16 never answers a truncated JSON body: the only unanswered request, recorded as that case's failure.
            var unanswered = run.Cases.Where(c => c.Exchanges.Any(e => e.Response is null)).Select(c => $"{c.OperationKey} {c.CaseId}");
            Assert.That(unanswered, Is.EqualTo(new[] { "POST /pets malformed_json" }));
            Assert.That(FailureRenderer.RenderAll(run.Case("POST /pets", "malformed_json")!.Outcomes, Redactor.None),
                Does.Contain("[contracts] not_a_server_error: POST /pets").And.Contain("Actual:   no response: timed out after 3 s"));
            // The mock serves no document of its own: drift cannot be judged, and says where it looked.
            Assert.That(FailureRenderer.Render(execution.DriftOutcome(), Redactor.None),
                Does.Contain($"Actual:   contract {prism.BaseUrl}openapi.json: answered 404 Not Found instead of 200 with the document"));
        });
    }
}
