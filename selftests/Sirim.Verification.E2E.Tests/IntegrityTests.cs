using Sirim.Verification.Core.Releases;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.Integrity;

namespace Sirim.Verification.E2E.Tests;

/// <summary>Manifest making, reference parsing and the comparison behind the integrity gate.</summary>
public sealed class IntegrityTests
{
    private string _dir = null!;

    [SetUp]
    public void MakeBuild()
    {
        _dir = Path.Combine(Path.GetTempPath(), "sirim-e2e-manifest-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(_dir, "img"));
        File.WriteAllText(Path.Combine(_dir, "index.html"), "<html><link rel=stylesheet href=\"styles.css\"><script src=\"app.js\"></script></html>");
        File.WriteAllText(Path.Combine(_dir, "styles.css"), "body{background:url('img/bg.png')}");
        File.WriteAllText(Path.Combine(_dir, "app.js"), "fetch('config.json')");
        File.WriteAllBytes(Path.Combine(_dir, "img", "bg.png"), [1, 2, 3]);
        File.WriteAllText(Path.Combine(_dir, "config.json"), "{}");
    }

    [TearDown]
    public void RemoveBuild() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Manifest_lists_every_build_file_sorted_with_size_and_sha256_and_round_trips_as_json()
    {
        var m = FrontendManifest.FromDirectory(_dir, ["config.json"], DateTimeOffset.UnixEpoch);
        Assert.Multiple(() =>
        {
            Assert.That(m.Files.Select(f => f.Path), Is.EqualTo(new[] { "app.js", "img/bg.png", "index.html", "styles.css" }));
            Assert.That(m.Find("img/bg.png"), Is.EqualTo(new ManifestFile("img/bg.png", 3, "039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81")));
            var back = FrontendManifest.Parse(m.ToJson());
            Assert.That(back.Files, Is.EqualTo(m.Files));
            Assert.That(back.Fingerprint, Is.EqualTo(m.Fingerprint));
        });
    }

    [Test]
    public void Not_a_manifest_is_refused() =>
        Assert.That(() => FrontendManifest.Parse("{\"x\":1}"), Throws.TypeOf<InvalidDataException>().With.Message.Contains("no 'files' array"));

    [TestCase("index.html", "<script src=\"app.js\" defer></script><link rel=\"stylesheet\" href='styles.css'><link rel=icon href=\"data:,\"><a href=\"/x\">x</a>",
        new[] { "app.js", "styles.css" }, TestName = "html: scripts and styles, not data: or links")]
    [TestCase("index.html", "<img srcset=\"a.png 1x, b.png 2x\" src=\"a.png\">", new[] { "a.png", "b.png" }, TestName = "html: srcset")]
    [TestCase("styles.css", "@import 'base.css'; .x{background:url(img/a.png)} .y{background:url(\"data:image/png;base64,xx\")}",
        new[] { "img/a.png", "base.css" }, TestName = "css: url() and @import")]
    [TestCase("app.js", "import { a } from './a.js'; import './b.js'; const m = import('./lazy.js'); fetch('version.json');",
        new[] { "./a.js", "./b.js", "./lazy.js", "version.json" }, TestName = "js: imports and literal fetch")]
    [TestCase("logo.png", "<script src=\"x.js\">", new string[0], TestName = "binary: nothing")]
    public void References_are_found(string path, string content, string[] expected) =>
        Assert.That(AssetReferences.Find(path, content), Is.EquivalentTo(expected));

    private static DeployedFile Served(ManifestFile f, string? sha = null, long? size = null) =>
        new(f.Path, "http://f/" + f.Path, 200, size ?? f.Size, sha ?? f.Sha256, "text/plain", "manifest", null, 1);

    [Test]
    public void Identical_deployment_passes_all_three_checks()
    {
        var m = FrontendManifest.FromDirectory(_dir, ["config.json"]);
        var rows = IntegrityComparison.Compare(m, m.Files.Select(f => Served(f)).ToList(), ["config.json"]);
        Assert.That(FrontendFilesIntegrity.Evaluate("http://f/", rows).Where(o => o.Failed), Is.Empty);
    }

    [Test]
    public void Changed_missing_and_extra_files_each_fail_their_check_listing_the_files()
    {
        var m = FrontendManifest.FromDirectory(_dir, ["config.json"]);
        var deployed = new List<DeployedFile>
        {
            Served(m.Find("index.html")!), Served(m.Find("app.js")!),
            Served(m.Find("styles.css")!, sha: "ffffffffffffffffffff", size: 99),
            new("img/bg.png", "http://f/img/bg.png", 404, 10, null, "application/problem+json", "manifest", null, 1),
            new("extra.js", "http://f/extra.js", 200, 5, "abc", "text/javascript", "index.html", null, 1),
            new("config.json", "http://f/config.json", 200, 2, "c0nf", "application/json", "app.js", null, 1),
        };
        var outcomes = FrontendFilesIntegrity.Evaluate("http://f/", IntegrityComparison.Compare(m, deployed, ["config.json"]));
        var text = outcomes.Where(o => o.Failed).ToDictionary(o => o.CheckId, o => FailureRenderer.Render(o, Redactor.None));
        Assert.Multiple(() =>
        {
            Assert.That(text.Keys, Is.EquivalentTo(new[] { "frontend_file_unchanged", "frontend_file_present", "frontend_no_extra_file" }));
            Assert.That(text["frontend_file_unchanged"], Does.StartWith(
                "[integrity] frontend_file_unchanged: frontend http://f/   (severity critical · release mismatch)\n" +
                "Expected: every file byte-identical to the manifest (sha256, size)\n" +
                $"Actual:   1 file(s) changed:\n  styles.css: sha256 ffffffffffff… size 99 (manifest: sha256 {m.Find("styles.css")!.Sha256[..12]}… size {m.Find("styles.css")!.Size})\n"));
            Assert.That(text["frontend_file_present"], Does.Contain("Actual:   1 file(s) missing:\n  img/bg.png: answered 404 (manifest: size 3)\n"));
            Assert.That(text["frontend_no_extra_file"], Does.Contain("Actual:   1 file(s) extra:\n  extra.js: served (5 bytes, referenced by index.html) but not in the manifest\n"));
        });
    }
}
