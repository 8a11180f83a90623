using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.Xss;

namespace Sirim.Verification.E2E.Tests;

/// <summary>The stored XSS checks (happy path passes, sad path fails with a pinned message) and the payload file's validation.</summary>
public sealed class StoredXssTests
{
    private static string Render(CheckOutcome o) => FailureRenderer.Render(o, Redactor.None);

    private static readonly XssPayload Img = new("img_onerror", "<img id=\"{id}\" src=\"x\" onerror=\"window.{marker}=1\">");

    private static XssProbe Probe(int n = 1) =>
        new("img_onerror", "concepto", 40 + n, "e2e-r1 xss1 " + Img.Render(XssPayloads.ElementId("r-1", n), XssPayloads.Marker("r-1", n)),
            XssPayloads.ElementId("r-1", n), XssPayloads.Marker("r-1", n));

    private static XssObservation Clean(XssProbe p) => new([], [], [], new Dictionary<string, string>(), new Dictionary<string, string?> { [p.ElementId] = p.Text });

    [Test]
    public void Ids_and_markers_carry_the_run_id_as_safe_identifiers()
    {
        Assert.That(XssPayloads.ElementId("20261126T0517-ab", 2), Is.EqualTo("sirimxss-20261126T0517_ab-2"));
        Assert.That(XssPayloads.Marker("20261126T0517-ab", 2), Is.EqualTo("__sirimXss_20261126T0517_ab_2"));
        Assert.That(Img.Render("sirimxss-r-1", "__sirimXss_r_1"), Is.EqualTo("<img id=\"sirimxss-r-1\" src=\"x\" onerror=\"window.__sirimXss_r_1=1\">"));
    }

    [Test]
    public void Not_executed_passes_when_nothing_ran_and_names_each_way_a_payload_ran()
    {
        var p = Probe();
        Assert.That(StoredXssNotExecuted.Evaluate("stored_xss", [p], Clean(p)).Failed, Is.False);
        var ran = Clean(p) with { MarkersSet = [p.Marker], ConsoleLines = [p.Marker] };
        Assert.That(Render(StoredXssNotExecuted.Evaluate("stored_xss", [p], ran)), Is.EqualTo(
            "[e2e] stored_xss_not_executed: flow stored_xss: 1 stored payload(s) rendered in the gastos list   (severity critical · accepted)\n" +
            "Expected: no payload runs: no marker set, logged or alerted\n" +
            "Actual:   1 payload(s) ran:\n  img_onerror in concepto of gasto 41: set window.__sirimXss_r_1_1, logged its marker\n" +
            "Hint:     Stored text reached the page as HTML (innerHTML, insertAdjacentHTML, a template without escaping) and the Content-Security-Policy " +
            "let its script run. Render user text with textContent (or an escaping template) and keep script-src free of 'unsafe-inline'.\n"));
        Assert.That(Render(StoredXssNotExecuted.Evaluate("stored_xss", [p], Clean(p) with { Dialogs = ["__sirimXss_r_1_1"] })),
            Does.Contain("gasto 41: opened a dialog\n"));
    }

    [Test]
    public void Not_rendered_as_markup_passes_on_literal_text_and_fails_on_an_element_or_altered_text()
    {
        var p = Probe();
        Assert.That(StoredXssNotRenderedAsMarkup.Evaluate("stored_xss", [p], Clean(p)).Failed, Is.False);
        var markup = Clean(p) with
        {
            Elements = new Dictionary<string, string> { [p.ElementId] = "img" },
            Shown = new Dictionary<string, string?> { [p.ElementId] = "e2e-r1 xss1 " },
        };
        Assert.That(Render(StoredXssNotRenderedAsMarkup.Evaluate("stored_xss", [p], markup)), Is.EqualTo(
            "[e2e] stored_xss_not_rendered_as_markup: flow stored_xss: 1 stored payload(s) rendered in the gastos list   (severity high · accepted)\n" +
            "Expected: every payload shown literally as text; no element with a payload's id in the page\n" +
            "Actual:   2 problem(s):\n  img_onerror in concepto of gasto 41: became a <img> element (id sirimxss-r_1-1)\n" +
            "  img_onerror in concepto of gasto 41: shown as 'e2e-r1 xss1 ', not the text stored\n" +
            "Hint:     The frontend inserts stored text as HTML (innerHTML or similar). Use textContent, or escape before inserting; " +
            "the page's HTML and the trace (DOM snapshot) show the element it created.\n"));
        Assert.That(Render(StoredXssNotRenderedAsMarkup.Evaluate("stored_xss", [p], Clean(p) with { Shown = new Dictionary<string, string?> { [p.ElementId] = null } })),
            Does.Contain("gasto 41: its cell was not found"));
    }

    [Test]
    public void The_default_payload_file_is_valid()
    {
        var (payloads, errors) = XssPayloads.Load(Path.Combine(Core.RepositoryRoot.Find(), "scenarios", "e2e", "xss-payloads.json"));
        Assert.That(errors, Is.Empty);
        Assert.That(payloads.Select(p => p.Name), Is.EqualTo(new[] { "img_onerror", "script_tag", "attribute_breakout_svg", "javascript_url" }));
    }

    [TestCase("{}", "payloads: missing; the file is an object with a \"payloads\" list of {\"name\", \"template\"}", TestName = "payload file without a list")]
    [TestCase("{\"payloads\":[]}", "payloads: 0 entries; the flow creates one gasto per payload; from 1 to 12 are allowed", TestName = "empty payload list")]
    [TestCase("{\"payloads\":[{\"name\":\"Img\",\"template\":\"<b id={id}>{marker}\"}]}",
        "payloads[0].name: 'Img' is not a snake_case name; reports name the payload by it; letters, digits and '_' are allowed", TestName = "payload name not snake_case")]
    [TestCase("{\"payloads\":[{\"name\":\"a\",\"template\":\"<b>{marker}\"}]}",
        "payloads[0].template: lacks {id} or {marker}; the flow finds markup by the id and execution by the marker; both are required", TestName = "template without id")]
    [TestCase("{\"payloads\":[{\"name\":\"a\",\"template\":\"<b id={id}>{marker}</b>\"},{\"name\":\"a\",\"template\":\"<i id={id}>{marker}</i>\"}]}",
        "payloads[1].name: 'a' appears twice; each payload needs its own name", TestName = "payload name twice")]
    [TestCase("{\"payloads\":", "not valid JSON (", TestName = "payload file not JSON")]
    public void A_bad_payload_file_says_what_why_and_what_is_allowed(string json, string error)
    {
        var (payloads, errors) = XssPayloads.Parse(json);
        Assert.That(payloads, Is.Empty);
        Assert.That(errors, Has.Some.StartsWith(error));
    }

    private static TargetOptions Target(Dictionary<string, string> env)
    {
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        return loaded.Options ?? throw new InvalidOperationException(loaded.ErrorReport);
    }

    [Test]
    public void The_e2e_options_read_the_payload_file_of_the_setting_and_name_the_setting_in_every_problem()
    {
        var env = new Dictionary<string, string> { ["SIRIM_API_URL"] = "http://127.0.0.1:5080", ["SIRIM_FRONTEND_URL"] = "http://127.0.0.1:5081", ["SIRIM_RUN_ID"] = "r1" };
        var (ok, okErrors) = E2EOptions.Load(Target(env));
        Assert.That(okErrors, Is.Empty);
        Assert.That(ok!.XssPayloads, Has.Count.EqualTo(4));
        var path = Path.Combine(Path.GetTempPath(), $"xss-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"payloads\":[{\"name\":\"a\",\"template\":\"<b>{marker}</b>\"}]}");
        try
        {
            env["SIRIM_E2E_XSS_PAYLOADS"] = path;
            var (bad, errors) = E2EOptions.Load(Target(env));
            Assert.That(bad, Is.Null);
            Assert.That(errors, Is.EqualTo(new[]
            {
                $"e2eXssPayloads (SIRIM_E2E_XSS_PAYLOADS) {path}: payloads[0].template: lacks {{id}} or {{marker}}; the flow finds markup by the id and execution by the marker; both are required",
            }));
        }
        finally { File.Delete(path); }
        env["SIRIM_E2E_XSS_PAYLOADS"] = "/nonexistent/xss.json";
        Assert.That(E2EOptions.Load(Target(env)).Errors.Single(), Does.StartWith("e2eXssPayloads (SIRIM_E2E_XSS_PAYLOADS) /nonexistent/xss.json: '/nonexistent/xss.json' does not exist;"));
    }

    [Test]
    public void A_template_too_long_for_the_concepto_is_refused()
    {
        var (_, errors) = XssPayloads.Parse("{\"payloads\":[{\"name\":\"long\",\"template\":\"<b id={id}>{marker}" + new string('x', 120) + "</b>\"}]}");
        Assert.That(errors.Single(), Does.Match(@"^payloads\[0\]\.template: \d+ characters; with the run's tag it must fit the 200-character concepto; at most 120 are allowed$"));
    }
}
