using Sirim.Verification.Authz.Checks;
using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Tests;

/// <summary>The pure half of the authorization gate: each check's verdict on given probes, with the rendered message pinned.</summary>
public sealed class AuthzJudgeTests
{
    private const string Api = "https://api.sirim.example";

    private static readonly AuthzOptions Options = new("sofia@sirim.test", "pw", "lector", true, 3, 1, AuthzRoutes.Default, false, "run1");

    private static HttpExchange Exchange(string method, string path, int? status, string body = "", string? requestBody = null) => new(
        new ExchangeRequest(method, new Uri(Api + path), [new HttpHeader("Authorization", "Bearer secret-token")], requestBody, requestBody is null ? null : "application/json"),
        status is { } s ? new ExchangeResponse(s, s switch { 200 => "OK", 204 => "No Content", 201 => "Created", 403 => "Forbidden", 404 => "Not Found", 400 => "Bad Request", _ => "" },
            "1.1", [new HttpHeader("Content-Type", "application/json")], body, body.Length) : null,
        TimeSpan.FromMilliseconds(12), DateTimeOffset.UnixEpoch, status is null ? "connection refused" : null);

    private static AuthzProbe Probe(string check, string method, AuthzAction action, int? status, string path = "/api/gastos/77", string body = "") =>
        new(check, action switch { AuthzAction.List => "GET /api/gastos?empresaId={empresaId}", AuthzAction.Create => "POST /api/gastos", _ => $"{method} /api/gastos/{{id}}" },
            "sofia@sirim.test (lector)", action, "the verification user's resource 77 in empresa 3",
            Exchange(method, path, status, body), ResourceId: path == "/api/gastos/77" ? "77" : null);

    private static ProbedResource Resource(string before, int afterStatus, string after) =>
        new("foreign", "77", 3, Exchange("GET", "/api/gastos/77", 200, before), Exchange("GET", "/api/gastos/77", afterStatus, after));

    private static AuthzProbeRun Clean(params AuthzProbe[] replace)
    {
        var probes = new List<AuthzProbe>
        {
            Probe(AuthzChecks.ForeignRead, "GET", AuthzAction.Read, 404),
            Probe(AuthzChecks.ForeignList, "GET", AuthzAction.List, 403, "/api/gastos?empresaId=3"),
            Probe(AuthzChecks.ForeignWrite, "PUT", AuthzAction.Update, 403),
            Probe(AuthzChecks.ForeignWrite, "DELETE", AuthzAction.Delete, 403),
            Probe(AuthzChecks.ReadOnlyWrite, "POST", AuthzAction.Create, 403, "/api/gastos"),
        };
        foreach (var r in replace) probes[probes.FindIndex(p => p.CheckId == r.CheckId && p.Action == r.Action)] = r;
        return new AuthzProbeRun(probes, [Resource("""{"id":77,"monto":1}""", 200, """{"id":77,"monto":1}""")], []);
    }

    private static IReadOnlyList<string> FailedIds(AuthzResult r) => r.Outcomes.Where(o => o.Failed).Select(o => o.CheckId).Distinct().ToList();

    [Test]
    public void Every_refusal_passes_and_the_figures_count_them()
    {
        var result = AuthzGate.Judge(Options, Clean());
        Assert.Multiple(() =>
        {
            Assert.That(FailedIds(result), Is.Empty);
            Assert.That(result.Outcomes.Select(o => o.CheckId).Distinct(), Is.EquivalentTo(AuthzChecks.All));
            Assert.That(AuthzGate.Figures(result).Select(f => $"{f.Name} = {f.Actual} {f.Ok}"),
                Is.EqualTo(new[] { "foreign accesses refused = 4/4 True", "read-only writes refused = 1/1 True" }));
            Assert.That(AuthzGate.Summary(result, []).Status, Is.EqualTo(GateStatus.Pass));
        });
    }

    [Test]
    public void A_foreign_read_that_is_served_is_critical_with_the_house_message()
    {
        var result = AuthzGate.Judge(Options, Clean(Probe(AuthzChecks.ForeignRead, "GET", AuthzAction.Read, 200, body: """{"id":77}""")));
        var failure = result.Outcomes.Single(o => o.Failed);
        Assert.That(FailureRenderer.Render(failure, new Redactor(["secret-token"])), Does.StartWith(
            "[authz] authz_foreign_read_refused: GET /api/gastos/{id} as sofia@sirim.test (lector) on the verification user's resource 77 in empresa 3   (severity critical · access control)\n" +
            "Expected: refused: 401, 403, 404\n" +
            "Actual:   200 OK: accepted — the read went through\n" +
            "Hint:     the read route does not check that the caller is mapped to the resource's empresa (object level authorization, OWASP API1); answer 404 as for a missing resource\n" +
            "→ GET https://api.sirim.example/api/gastos/77\n")
            .And.Contain("Reproduce: curl -i -X GET 'https://api.sirim.example/api/gastos/77'").And.Not.Contain("secret-token"));
        Assert.That(AuthzGate.Summary(result, []).Status, Is.EqualTo(GateStatus.Fail));
        Assert.That(AuthzGate.Figures(result)[0].Actual, Is.EqualTo("3/4"));
    }

    [TestCase(200, """{"items":[{"id":1,"empresaId":3}],"page":1}""", "Actual:   200 OK with 1 item(s) of the foreign empresa", "critical")]
    [TestCase(200, """{"data":[{"id":1},{"id":77}],"meta":{}}""", "Actual:   200 OK with 2 item(s) of the foreign empresa, including this run's resource 77", "critical")]
    [TestCase(200, """{"total":3}""", "Actual:   200 OK with a body that holds no list: accepted, content unknown", "critical")]
    [TestCase(400, "{}", "Actual:   400 Bad Request: not accepted, but not refused with a status the client can rely on", "medium")]
    [TestCase(null, "", "Actual:   no response (connection refused)", "high")]
    public void A_foreign_list_fails_unless_refused_or_empty(int? status, string body, string actual, string severity)
    {
        var result = AuthzGate.Judge(Options, Clean(Probe(AuthzChecks.ForeignList, "GET", AuthzAction.List, status, "/api/gastos?empresaId=3", body) with { ResourceId = "77" }));
        var message = FailureRenderer.RenderAll(result.Outcomes, Redactor.None);
        Assert.That(message, Does.Contain("[authz] authz_foreign_list_refused: GET /api/gastos?empresaId={empresaId} as sofia@sirim.test (lector) on the verification user's resource 77 in empresa 3")
            .And.Contain($"(severity {severity} · ").And.Contain("Expected: refused (401, 403, 404) or an empty list\n").And.Contain(actual + "\n"));
    }

    [TestCase("""{"items":[],"page":1,"pageSize":20,"total":0}""")]
    [TestCase("[]")]
    public void An_empty_foreign_list_passes(string body) =>
        Assert.That(FailedIds(AuthzGate.Judge(Options, Clean(Probe(AuthzChecks.ForeignList, "GET", AuthzAction.List, 200, "/api/gastos?empresaId=3", body)))), Is.Empty);

    [Test]
    public void An_accepted_foreign_delete_fails_only_the_write_check_and_the_read_back_is_not_counted_twice()
    {
        var run = Clean(Probe(AuthzChecks.ForeignWrite, "DELETE", AuthzAction.Delete, 204));
        run = run with { Resources = [Resource("""{"id":77}""", 404, "{}")] };
        var result = AuthzGate.Judge(Options, run);
        Assert.Multiple(() =>
        {
            Assert.That(FailedIds(result), Is.EqualTo(new[] { AuthzChecks.ForeignWrite }));
            Assert.That(result.Outcomes.Single(o => o.CheckId == AuthzChecks.ResourceUnchanged).Actual,
                Is.EqualTo("changed by an accepted write (DELETE /api/gastos/{id}), reported by authz_foreign_write_refused"));
            Assert.That(FailureRenderer.RenderAll(result.Outcomes, Redactor.None), Does.Contain("Actual:   204 No Content: accepted — the delete went through\n")
                .And.Contain("Hint:     the write route changes a resource without checking that the caller is mapped to its empresa (OWASP API1)"));
        });
    }

    [Test]
    public void A_read_only_create_that_is_accepted_fails_the_function_level_check()
    {
        var result = AuthzGate.Judge(Options, Clean(Probe(AuthzChecks.ReadOnlyWrite, "POST", AuthzAction.Create, 201, "/api/gastos", """{"id":90}""")));
        Assert.Multiple(() =>
        {
            Assert.That(FailedIds(result), Is.EqualTo(new[] { AuthzChecks.ReadOnlyWrite }));
            Assert.That(FailureRenderer.RenderAll(result.Outcomes, Redactor.None), Does.Contain("Actual:   201 Created: accepted — the create went through\n")
                .And.Contain("Hint:     the write route does not enforce the role (function level authorization, OWASP API5): a read-only role must get 403"));
            Assert.That(AuthzGate.Figures(result)[1].Actual, Is.EqualTo("0/1"));
        });
    }

    [Test]
    public void A_resource_changed_although_every_write_was_refused_fails_resource_unchanged()
    {
        var run = Clean() with { Resources = [Resource("""{"id":77,"monto":1}""", 200, """{"id":77,"monto":2}""")] };
        var result = AuthzGate.Judge(Options, run);
        Assert.That(FailedIds(result), Is.EqualTo(new[] { AuthzChecks.ResourceUnchanged }));
        Assert.That(FailureRenderer.Render(result.Outcomes.Single(o => o.Failed), Redactor.None), Does.StartWith(
            "[authz] authz_resource_unchanged: resource 77 (foreign empresa 3) read back as verification user   (severity critical · access control)\n" +
            "Expected: the same answer as before the refused writes: {\"id\":77,\"monto\":1}\n" +
            "Actual:   {\"id\":77,\"monto\":2} after writes that were all refused\n"));
    }

    private static readonly DeclaredStatuses Contract = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["GET /api/gastos/{id}"] = ["200", "401", "404", "503"],
        ["GET /api/gastos"] = ["200", "400", "401", "403", "503"],
        ["PUT /api/gastos/{id}"] = ["200", "4XX"],
        ["DELETE /api/gastos/{id}"] = ["204", "default"],
        ["POST /api/gastos"] = ["201", "401", "403"],
    });

    [Test]
    public void A_refusal_the_contract_declares_passes()
    {
        Assert.That(FailedIds(AuthzGate.Judge(Options, Clean(), Contract)), Is.Empty);
    }

    [Test]
    public void A_refusal_with_a_status_the_contract_does_not_declare_is_a_lesser_finding()
    {
        var result = AuthzGate.Judge(Options, Clean(Probe(AuthzChecks.ForeignRead, "GET", AuthzAction.Read, 403)), Contract);
        Assert.That(FailureRenderer.Render(result.Outcomes.Single(o => o.Failed), Redactor.None), Does.StartWith(
            "[authz] authz_foreign_read_refused: GET /api/gastos/{id} as sofia@sirim.test (lector) on the verification user's resource 77 in empresa 3   (severity medium · contract gap)\n" +
            "Expected: refused with a status the contract declares for GET /api/gastos/{id} (200, 401, 404, 503)\n" +
            "Actual:   403 Forbidden: refused, but the contract does not declare 403 for GET /api/gastos/{id}\n" +
            "Hint:     declare the refusal in the contract, or refuse with the status it declares (clients rely on it)\n"));
        // Refused all the same: the figure counts it as refused and says how many used a declared status.
        Assert.That(AuthzGate.Figures(result)[0].Actual, Is.EqualTo("4/4 (3/4 with a status the contract declares)"));
        Assert.That(result.Outcomes.Single(o => o.Failed).Kind, Is.EqualTo(Core.Checks.FindingKind.ContractGap));
        Assert.That(AuthorizationMatrixReport.Render(result, "reference", Redactor.None).ToString(),
            Does.Contain("| foreign accesses refused | 4/4 (3/4 with a status the contract declares) **(refused, some with a status the contract does not declare)** | all |"));
    }

    [TestCase("PUT /api/gastos/{id}", 403, true)]
    [TestCase("DELETE /api/gastos/{id}", 418, true)]
    [TestCase("GET /api/gastos/{id}", 403, false)]
    [TestCase("GET /api/gastos?empresaId={empresaId}", 403, true)]
    [TestCase("PATCH /api/gastos/{id}", 403, null)]
    public void Declared_statuses_follow_openapi_ranges_and_default(string operation, int status, bool? declared) =>
        Assert.That(Contract.Declares(DeclaredStatuses.KeyOf(operation), status), Is.EqualTo(declared));

    [Test]
    public void Skipped_probes_are_not_applicable_and_say_why()
    {
        var skipped = new AuthzProbe(AuthzChecks.ForeignWrite, "PUT /api/gastos/{id}", "sofia@sirim.test (lector)", AuthzAction.Update, "x", null,
            "readOnly=true: no mutating request is sent");
        var result = AuthzGate.Judge(Options, Clean(skipped));
        var outcome = result.Outcomes.First(o => o.CheckId == AuthzChecks.ForeignWrite);
        Assert.That((outcome.Status, outcome.Actual), Is.EqualTo((CheckStatus.NotApplicable, "not sent: readOnly=true: no mutating request is sent")));
        Assert.That(AuthzGate.Figures(result)[0].Actual, Is.EqualTo("3/3"));
    }

    [Test]
    public void A_setup_problem_fails_the_gate_instead_of_passing_it()
    {
        var result = AuthzGate.Judge(Options, new AuthzProbeRun([], [], [], "the second identity could not log in: login failed: POST /api/auth/login answered 401 Unauthorized"));
        Assert.That(FailureRenderer.RenderAll(result.Outcomes, Redactor.None), Does.StartWith(
            "[authz] authz_setup: preparing the authorization probes   (severity high · broken flow)\n" +
            "Expected: both identities log in and the verification user creates the probed resources\n" +
            "Actual:   the second identity could not log in: login failed: POST /api/auth/login answered 401 Unauthorized\n"));
        Assert.That(AuthzGate.Summary(result, []).Status, Is.EqualTo(GateStatus.Fail));
    }

    private static Core.Cleanup.CleanupAccount Account(bool gone)
    {
        var resource = new Core.Cleanup.TrackedResource(AuthzChecks.Gate, "POST", "/api/gastos", "resource of the foreign empresa", "/api/gastos", "77",
            new Uri(Api + "/api/gastos/77"), "run1");
        var verification = gone ? "DELETE → 204; GET → 404" : "still there after 3 DELETE attempt(s): DELETE → 204; GET → 200";
        return new(AuthzChecks.Gate, "run1", [new Core.Cleanup.CleanupResult(resource, gone, verification, gone ? 1 : 3, [])], [], ["/api/gastos: listed."],
            (method, url) => new ExchangeRequest(method, url, [new HttpHeader("Authorization", "Bearer secret-token")]));
    }

    [Test]
    public void What_the_run_created_and_could_not_remove_fails_the_cleanup_check_and_the_matrix_names_it()
    {
        var result = AuthzGate.Judge(Options, Clean() with { Cleanup = Account(gone: false) });
        var text = AuthorizationMatrixReport.Render(result, "reference", new Redactor(["secret-token"])).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(FailedIds(result), Is.EqualTo(new[] { AuthzChecks.CleanedUp }));
            Assert.That(FailureRenderer.RenderAll(result.Outcomes.Where(o => o.Failed).ToList(), Redactor.None), Does.Contain(
                "Actual:   1 left: /api/gastos/77 (created by POST /api/gastos (resource of the foreign empresa)): still there after 3 DELETE attempt(s): DELETE → 204; GET → 200"));
            Assert.That(text, Does.Contain("## Data created by this run and its cleanup").And.Contain("### Left behind, and how to remove it")
                .And.Contain("curl -X DELETE 'https://api.sirim.example/api/gastos/77'").And.Not.Contain("secret-token").And.Not.Contain("Nothing left"));
            Assert.That(AuthzGate.Judge(Options, Clean() with { Cleanup = Account(gone: true) }).Outcomes.Single(o => o.CheckId == AuthzChecks.CleanedUp).Status,
                Is.EqualTo(CheckStatus.Passed));
        });
    }

    [Test]
    public void A_setup_problem_after_a_create_still_reports_the_cleanup()
    {
        var result = AuthzGate.Judge(Options, new AuthzProbeRun([], [], [], "the verification user could not create a resource in empresa 1", Cleanup: Account(gone: false)));
        Assert.That(FailedIds(result), Is.EqualTo(new[] { AuthzChecks.Setup, AuthzChecks.CleanedUp }));
    }

    [Test]
    public void The_matrix_lists_every_probe_with_expected_and_actual_and_the_raw_exchange_of_a_failure()
    {
        var result = AuthzGate.Judge(Options, Clean(Probe(AuthzChecks.ForeignRead, "GET", AuthzAction.Read, 200, body: """{"id":77}""")));
        var text = AuthorizationMatrixReport.Render(result, "reference", new Redactor(["secret-token"])).ToString();
        Assert.That(text, Does.Contain("| foreign accesses refused | 3/4 **(accesses granted)** | all |")
            .And.Contain("| GET /api/gastos/{id} | sofia@sirim.test (lector) | read | the verification user's resource 77 in empresa 3 | refused: 401, 403, 404 | 200 OK | **FAIL** (critical) `authz_foreign_read_refused` |")
            .And.Contain("| DELETE /api/gastos/{id} | sofia@sirim.test (lector) | delete | the verification user's resource 77 in empresa 3 | refused: 401, 403, 404 | 403 Forbidden | PASS `authz_foreign_write_refused` |")
            .And.Contain("< HTTP/1.1 200 OK").And.Not.Contain("secret-token"));
    }
}
