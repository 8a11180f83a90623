using System.Text.Json;
using Sirim.Verification.Core.Allure;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Tests;

public sealed class EvidenceTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = Path.Combine(Path.GetTempPath(), "sirim-core-tests-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void RemoveFolder() { if (Directory.Exists(_dir)) Directory.Delete(_dir, true); }

    [Test]
    public void Markdown_code_blocks_survive_backticks_and_tables_escape_pipes()
    {
        var text = new MarkdownDocument("T").Table(["a", "b"], [["x|y", "1\n2"]]).Code("a ``` b").ToString();
        Assert.That(text, Is.EqualTo("# T\n\n| a | b |\n| --- | --- |\n| x\\|y | 1<br>2 |\n\n````text\na ``` b\n````\n\n"));
    }

    [Test]
    public void Evidence_files_are_redacted_and_cannot_leave_the_run_folder()
    {
        var run = new EvidenceRun(_dir, "dev", "r1", new Redactor(["top-secret-value"]));
        var path = run.WriteText("x.md", "pw=top-secret-value");
        Assert.That(File.ReadAllText(path), Is.EqualTo("pw=[redacted]"));
        Assert.Throws<ArgumentException>(() => run.WriteText("../escape.md", "x"));
    }

    [TestCase("production", "go_no_go.md", "go_no_go_prod.md")]
    [TestCase("prod", "pool_config_evidence.md", "pool_config_prod_evidence.md")]
    [TestCase("Production", "security_hardening_report.md", "security_hardening_prod.md")]
    [TestCase("production", "observability_readiness.md", "observability_prod_readiness.md")]
    [TestCase("production", "paridad_entornos.md", "paridad_entornos_prod.md")]
    [TestCase("production", "load_results.md", "load_results.md")]
    [TestCase("staging", "go_no_go.md", "go_no_go.md")]
    [TestCase("preprod", "pool_config_evidence.md", "pool_config_evidence.md")]
    public void Production_runs_write_the_production_evidence_names(string environment, string written, string onDisk)
    {
        var run = new EvidenceRun(_dir, environment, "r1", Redactor.None);
        var path = run.WriteMarkdown(written, new MarkdownDocument("T"));
        Assert.That(Path.GetFileName(path), Is.EqualTo(onDisk));
        Assert.That(File.Exists(Path.Combine(_dir, onDisk)), Is.True);
        Assert.That(run.PathOf(written), Is.EqualTo(path));
    }

    [Test]
    public void Go_requires_every_required_gate_to_pass()
    {
        var pass = new GateSummary("smoke", GateStatus.Pass, 3, 0, 0, [], [], []);
        var fail = new GateSummary("contracts", GateStatus.Fail, 1, 2, 0, [], [], ["x: y"]);
        var notRun = new GateSummary("pool", GateStatus.NotRun, 0, 0, 1, [], [], [], "no database monitor configured");
        Assert.Multiple(() =>
        {
            Assert.That(GoNoGoReport.Decide([pass], ["smoke"]).Go, Is.True);
            Assert.That(GoNoGoReport.Decide([pass, fail], ["smoke", "contracts"]).Reasons,
                Is.EqualTo(new[] { "required gate 'contracts' failed (2 failing test(s))" }));
            Assert.That(GoNoGoReport.Decide([pass, notRun], ["smoke", "pool"]).Reasons,
                Is.EqualTo(new[] { "required gate 'pool' did not run: no database monitor configured" }));
            Assert.That(GoNoGoReport.Decide([pass], ["smoke", "e2e"]).Reasons, Is.EqualTo(new[] { "required gate 'e2e' did not run" }));
            Assert.That(GoNoGoReport.Decide([pass, fail], ["smoke"]).Go, Is.True, "a gate that is not required does not block");
        });
    }

    [Test]
    public void Go_no_go_lists_every_gate_with_figures_and_links()
    {
        var run = new EvidenceRun(_dir, "dev", "r1", Redactor.None);
        var evidence = run.WriteText("observability_readiness.md", "x");
        var smoke = new GateSummary("smoke", GateStatus.Pass, 4, 0, 0, [new KeyFigure("/readyz with database down", "503", "503", true)], [evidence], []);
        var text = GoNoGoReport.Render(run, [smoke], ["smoke", "load"], [("apiBaseUrl", "https://a")], ["smoke", "load"]).ToString();
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("**Verdict: NO-GO** — required gate 'load' did not run."));
            Assert.That(text, Does.Contain("| smoke | PASS | yes | 4 passed, 0 failed, 0 skipped | none | /readyz with database down = 503 (limit 503) | [observability_readiness.md](observability_readiness.md) |"));
            Assert.That(text, Does.Contain("| load | NOT RUN | yes |"));
        });
    }

    [Test]
    public void Allure_result_files_follow_the_documented_format()
    {
        var writer = new AllureWriter(_dir, new Redactor(["p4ssw0rd-x"]));
        var test = new AllureTestCase(writer, "Probe(\"/healthz\")", "Gates.Smoke.Probe(\"/healthz\")");
        test.Label("epic", "smoke");
        test.Parameter("path", "/healthz");
        var exchange = new HttpExchange(ExchangeRequest.Get(new Uri("http://h/healthz")),
            new ExchangeResponse(200, "OK", "1.1", [new HttpHeader("Content-Type", "application/json")], "{\"status\":\"ok\"}", 15),
            TimeSpan.FromMilliseconds(2), DateTimeOffset.UnixEpoch);
        test.StepAsync("GET /healthz", () => { test.AttachExchange(exchange); return Task.CompletedTask; }).GetAwaiter().GetResult();
        writer.WriteResult(test.Finish(AllureStatus.Failed, "Expected 200 but password p4ssw0rd-x", "at X"));

        var resultFile = Directory.GetFiles(_dir, "*-result.json").Single();
        using var doc = JsonDocument.Parse(File.ReadAllText(resultFile));
        var r = doc.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(Path.GetFileName(resultFile), Is.EqualTo(r.GetProperty("uuid").GetString() + "-result.json"));
            Assert.That(r.GetProperty("status").GetString(), Is.EqualTo("failed"));
            Assert.That(r.GetProperty("stage").GetString(), Is.EqualTo("finished"));
            Assert.That(r.GetProperty("statusDetails").GetProperty("message").GetString(), Is.EqualTo("Expected 200 but password [redacted]"));
            Assert.That(r.GetProperty("labels")[0].GetProperty("name").GetString(), Is.EqualTo("epic"));
            Assert.That(r.GetProperty("parameters")[0].GetProperty("value").GetString(), Is.EqualTo("/healthz"));
            var step = r.GetProperty("steps")[0];
            Assert.That(step.GetProperty("name").GetString(), Is.EqualTo("GET /healthz"));
            var attachment = step.GetProperty("attachments")[0];
            Assert.That(attachment.GetProperty("type").GetString(), Is.EqualTo("text/plain"));
            Assert.That(File.ReadAllText(Path.Combine(_dir, attachment.GetProperty("source").GetString()!)), Does.Contain("< HTTP/1.1 200 OK"));
            Assert.That(r.GetProperty("start").GetInt64(), Is.LessThanOrEqualTo(r.GetProperty("stop").GetInt64()));
        });
    }

    // Tests run as root, where a read-only mode does not stop writes: a folder below a regular file cannot be created
    // by anyone, which is the same refusal seen from the run.
    [Test]
    public void An_evidence_folder_below_a_regular_file_is_a_configuration_error_naming_the_folder_and_the_reason()
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "not-a-folder");
        File.WriteAllText(file, "x");
        var folder = Path.Combine(file, "reference", "run1");

        var problem = EvidenceRun.FolderProblem(folder);

        Assert.That(problem, Is.EqualTo($"reportsDir (SIRIM_REPORTS_DIR): the evidence folder '{folder}' cannot be created and written; " +
            $"'{file}' is a file, not a folder; " +
            "set SIRIM_REPORTS_DIR to a folder this user can create and write (the run writes <reportsDir>/<environment>/<runId>/). Nothing was sent to the target."));
    }

    [Test]
    public void A_writable_evidence_folder_has_no_problem_and_keeps_no_probe_file()
    {
        Assert.That(EvidenceRun.FolderProblem(_dir), Is.Null);
        Assert.That(Directory.EnumerateFileSystemEntries(_dir), Is.Empty);
    }

    [Test]
    public void An_evidence_folder_that_cannot_be_created_does_not_throw_and_every_failed_write_is_said()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "blocked"), "x");
        var warnings = new List<string>();
        var run = new EvidenceRun(Path.Combine(_dir, "blocked", "run"), "dev", "r1", Redactor.None, warnings.Add);

        run.RecordGate(new GateSummary("smoke", GateStatus.Pass, 1, 0, 0, [], [], []));

        Assert.That(run.ReadGates(), Is.Empty);
        Assert.That(warnings, Is.EqualTo(new[]
        {
            $"[evidence] could not write {Path.Combine(run.GatesDirectory, "smoke.json")}: '{Path.Combine(_dir, "blocked")}' is a file, not a folder; the run goes on without it.",
        }));
    }

    // /dev/full answers every write with ENOSPC: a file of the run linked to it is a disk that is full for that file only.
    [Test]
    public void A_full_disk_mid_run_names_the_file_and_the_reason_and_the_next_evidence_is_still_written()
    {
        if (!File.Exists("/dev/full")) Assert.Ignore("/dev/full is Linux only");
        var warnings = new List<string>();
        var run = new EvidenceRun(_dir, "dev", "r1", Redactor.None, warnings.Add);
        File.CreateSymbolicLink(Path.Combine(_dir, "load_results.md"), "/dev/full");

        var full = run.WriteMarkdown("load_results.md", new MarkdownDocument("Load").Paragraph(new string('x', 10_000)));
        var next = run.WriteMarkdown("security_hardening_report.md", new MarkdownDocument("Security"));

        Assert.That(warnings, Is.EqualTo(new[]
        {
            $"[evidence] could not write {full}: no space left on device (No space left on device : '{full}'); the run goes on without it.",
        }));
        Assert.That(File.ReadAllText(next), Is.EqualTo("# Security\n\n"));
    }
}
