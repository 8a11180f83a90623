using System.IO.Compression;
using System.Text;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Flows;

namespace Sirim.Verification.E2E.Tests;

public sealed class OptionsAndTraceTests
{
    private static TargetOptions Target(Dictionary<string, string> env)
    {
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        return loaded.Options ?? throw new InvalidOperationException(loaded.ErrorReport);
    }

    private static Dictionary<string, string> Env() => new()
    {
        ["SIRIM_API_URL"] = "http://127.0.0.1:5080", ["SIRIM_FRONTEND_URL"] = "http://127.0.0.1:5081", ["SIRIM_RUN_ID"] = "r1",
    };

    [Test]
    public void Defaults_use_the_system_chromium_no_retries_and_tag_data_with_the_run_id()
    {
        var (o, errors) = E2EOptions.Load(Target(Env()));
        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.Empty);
            Assert.That(o!.ChromiumPath, Is.EqualTo("/usr/bin/chromium"));
            Assert.That((o.Retries, o.ActionTimeout, o.DataTag, o.ApiOrigin), Is.EqualTo((0, TimeSpan.FromSeconds(10), "e2e-r1", "http://127.0.0.1:5080")));
            Assert.That(o.RuntimeFiles, Is.EqualTo(new[] { "config.json" }));
        });
    }

    [Test]
    public void Missing_frontend_url_and_bad_retries_are_all_reported()
    {
        var env = Env();
        env.Remove("SIRIM_FRONTEND_URL");
        env["SIRIM_E2E_RETRIES"] = "9";
        var (o, errors) = E2EOptions.Load(Target(env));
        Assert.That(o, Is.Null);
        Assert.That(errors, Is.EqualTo(new[]
        {
            "frontendBaseUrl (SIRIM_FRONTEND_URL) is missing: the E2E gate drives the deployed frontend, e.g. https://app.sirim.example.",
            "e2eRetries (SIRIM_E2E_RETRIES): '9' is not a whole number from 0 to 5.",
        }));
    }

    [Test]
    public void Missing_chromium_is_one_clear_line_naming_the_setting()
    {
        var env = Env();
        env["SIRIM_CHROMIUM_PATH"] = "/nonexistent/chromium";
        var (o, _) = E2EOptions.Load(Target(env));
        Assert.That(o!.ChromiumProblem(), Is.EqualTo(
            "Chromium not found at '/nonexistent/chromium' (setting chromiumPath, SIRIM_CHROMIUM_PATH); install it (Debian: apt-get install -y chromium) " +
            "or point the setting at a Chromium executable. 'playwright install' is not needed: the suite drives the system Chromium."));
        Assert.That(async () => await Browser.BrowserSession.LaunchAsync(o, TimeSpan.FromSeconds(5)),
            Throws.TypeOf<E2ESetupException>().With.Message.StartWith("Chromium not found at '/nonexistent/chromium'"));
    }

    [Test]
    public void Trace_text_entries_are_redacted_and_images_kept()
    {
        var path = Path.Combine(Path.GetTempPath(), $"trace-{Guid.NewGuid():N}.zip");
        const string password = "S3cret-Passw0rd";
        const string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
        try
        {
            using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            {
                Write(zip, "trace.trace", $"{{\"method\":\"fill\",\"params\":{{\"value\":\"{password}\"}}}}\n");
                Write(zip, "trace.network", $"{{\"headers\":[{{\"name\":\"Authorization\",\"value\":\"Bearer {jwt}\"}}]}}\n");
                Write(zip, "resources/abc.json", $"{{\"accessToken\":\"{jwt}\"}}");
                using var s = zip.CreateEntry("resources/shot.jpeg").Open();
                s.Write([0xFF, 0xD8, 0x00, 0x01]);
            }
            TraceRedactor.Redact(path, new Redactor([password]));
            using var read = ZipFile.OpenRead(path);
            var all = string.Join("\n", read.Entries.Where(e => !e.FullName.EndsWith(".jpeg")).Select(e => new StreamReader(e.Open()).ReadToEnd()));
            Assert.Multiple(() =>
            {
                Assert.That(all, Does.Not.Contain(password).And.Not.Contain(jwt));
                Assert.That(all, Does.Contain("[redacted]"));
                Assert.That(read.GetEntry("resources/shot.jpeg")!.Length, Is.EqualTo(4));
            });
        }
        finally { File.Delete(path); }
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        w.Write(text);
    }

    [Test]
    public void Every_flow_has_a_scenario_description()
    {
        var root = Core.RepositoryRoot.Find();
        var missing = E2EFlows.All().Select(f => Path.Combine(root, "scenarios", "e2e", f.Id + ".md")).Where(p => !File.Exists(p)).ToList();
        Assert.That(missing, Is.Empty, "flows without a description in scenarios/e2e/");
    }
}
