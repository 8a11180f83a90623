using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Drift;
using Sirim.Verification.Contracts.Running;

namespace Sirim.Verification.Contracts.Tests;

public sealed class PlanningTests
{
    [TestCase("GET /healthz missing_credentials: anonymous by design", "GET", "/healthz", "missing_credentials", true, TestName = "exact entry")]
    [TestCase("* /metrics *: scraped by Prometheus only", "POST", "/metrics", "positive", true, TestName = "wildcards")]
    [TestCase("GET /a positive: reason", "GET", "/b", "positive", false, TestName = "other path")]
    public void Exclusions_parse_and_match(string raw, string method, string path, string caseId, bool covers)
    {
        var errors = new List<string>();
        var parsed = ContractsOptions.ParseExclusions(raw, errors);
        Assert.That(errors, Is.Empty);
        Assert.That(parsed.Single().Covers(method, path, caseId), Is.EqualTo(covers));
    }

    [TestCase("GET /healthz missing_credentials", "the reason is required", TestName = "no reason")]
    [TestCase("GET /healthz fuzz: because", "unknown case 'fuzz'", TestName = "unknown case")]
    public void Malformed_exclusions_are_reported(string raw, string expected)
    {
        var errors = new List<string>();
        ContractsOptions.ParseExclusions(raw, errors);
        Assert.That(errors.Single(), Does.Contain(expected));
    }

    [Test]
    public void The_configuration_loader_knows_every_case_of_the_gate() =>
        Assert.That(Sirim.Verification.Core.Configuration.ContractsSettings.KnownCases,
            Is.EquivalentTo(CaseKinds.All.Select(k => k.Id()).Append(ContractsGate.UnknownRouteCase)));

    [Test]
    public async Task Drift_lists_breaking_and_compatible_differences()
    {
        var text = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples", "mini.openapi.json"));
        var committed = (await ContractLoader.ParseAsync(text, "committed", CancellationToken.None)).Document!;
        var changed = text.Replace("\"/items/{id}\": {", "\"/items/{id}\": { \"delete\": { \"responses\": { \"204\": { \"description\": \"gone\" } } },")
            .Replace("\"name\": { \"type\": \"string\", \"maxLength\": 10 }", "\"title\": { \"type\": \"string\" }")
            .Replace("\"required\": true, \"schema\": { \"type\": \"integer\", \"minimum\": 1", "\"required\": true, \"schema\": { \"type\": \"string\", \"minimum\": 1");
        var served = (await ContractLoader.ParseAsync(changed, "served", CancellationToken.None)).Document!;
        var drift = ContractDrift.Compare(committed, served).Select(d => d.ToString()).ToList();
        Assert.That(drift, Does.Contain("compatible: DELETE /items/{id}: operation added")
            .And.Contain("BREAKING: schema Item: property 'name' removed")
            .And.Contain("BREAKING: GET /items query parameter 'limit': type \"integer\" became \"string\""));
        Assert.That(ContractDrift.Compare(committed, committed), Is.Empty);
    }

    [Test]
    public async Task Read_only_mode_skips_every_mutating_case_and_says_so()
    {
        var text = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Samples", "mini.openapi.json"));
        var doc = (await ContractLoader.ParseAsync(text, "mini", CancellationToken.None)).Document!;
        var options = new ContractsOptions("mini", new Uri("http://127.0.0.1/"), "", "application/problem+json", [], 1024, 1, ReadOnly: true, "tag");
        var cells = CasePlanner.Plan(doc, options);
        var post = cells.Where(c => c.Operation.Key == "POST /items" && c.NotSentState != CaseState.NotApplicable).ToList();
        Assert.That(post, Is.Not.Empty);
        Assert.That(post.Select(c => c.NotSentReason), Has.All.EqualTo("read-only mode: no mutating request is sent"));
        Assert.That(cells.Single(c => c.Operation.Key == "GET /items" && c.Kind == CaseKind.Positive).NotSentReason, Is.Null);
    }
}
