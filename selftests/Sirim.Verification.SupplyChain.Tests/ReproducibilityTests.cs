using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;
using Sirim.Verification.SupplyChain.Checks;
using Sirim.Verification.SupplyChain.Reproducibility;

namespace Sirim.Verification.SupplyChain.Tests;

/// <summary>Two frontend builds compared file by file with SHA-256: folders, manifests, and the rendered comparison.</summary>
public sealed class ReproducibilityTests
{
    private string _root = null!;

    [SetUp]
    public void CreateBuilds() => _root = Directory.CreateTempSubdirectory("sirim-builds-").FullName;

    [TearDown]
    public void RemoveBuilds() => Directory.Delete(_root, true);

    private string Build(string name, params (string Path, string Content)[] files)
    {
        var dir = Path.Combine(_root, name);
        foreach (var (path, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(dir, path))!);
            File.WriteAllText(Path.Combine(dir, path), content);
        }
        return dir;
    }

    [Test]
    public void Identical_folders_are_reproducible()
    {
        var left = Build("a", ("index.html", "<html>"), ("assets/app.js", "run()"));
        var right = Build("b", ("index.html", "<html>"), ("assets/app.js", "run()"));
        var c = BuildComparison.Compare(BuildListing.Load(left), BuildListing.Load(right));
        Assert.That(c.Reproducible, Is.True);
        Assert.That(BuildReproducible.Evaluate(c, null).Actual, Is.EqualTo("2 identical, 0 changed, 0 only in the first, 0 only in the second"));
    }

    [Test]
    public void Changed_only_left_and_only_right_files_are_named()
    {
        var left = Build("a", ("index.html", "<html>"), ("assets/app.js", "built at 10:00"), ("assets/old.js", "x"));
        var right = Build("b", ("index.html", "<html>"), ("assets/app.js", "built at 10:05"), ("assets/new.js", "y"));
        var c = BuildComparison.Compare(BuildListing.Load(left), BuildListing.Load(right));
        Assert.That(c.Files.Select(f => (f.Path, f.Result)), Is.EqualTo(new[]
        {
            ("assets/app.js", FileComparison.Changed), ("assets/new.js", FileComparison.OnlyRight),
            ("assets/old.js", FileComparison.OnlyLeft), ("index.html", FileComparison.Identical),
        }));
        Assert.That(FailureRenderer.Render(BuildReproducible.Evaluate(c, null), Redactor.None), Is.EqualTo(
            $"[supplychain] build_reproducible: {left} vs {right}   (severity medium · release mismatch)\n" +
            "Expected: every file identical (SHA-256)\n" +
            "Actual:   1 identical, 1 changed, 1 only in the first, 1 only in the second: assets/app.js (changed), assets/new.js (only in the second), assets/old.js (only in the first)\n" +
            "Hint:     Look for build time stamps, random chunk ids or unpinned dependencies in the differing files; build_reproducibility.md lists every file.\n"));
    }

    [Test]
    public void A_manifest_compares_with_a_folder_and_the_report_lists_every_file()
    {
        var folder = Build("a", ("index.html", "<html>"), ("version.json", "{\"version\":\"1.5.0\"}"));
        var hash = BuildListing.FromDirectory(folder).Files.Single(f => f.Path == "index.html").Sha256;
        var manifest = Path.Combine(_root, "b.manifest.json");
        File.WriteAllText(manifest, $$"""
            {"source":"dist","createdAt":"2026-11-20T10:00:00+00:00","files":[
              {"path":"index.html","size":6,"sha256":"{{hash.ToUpperInvariant()}}"},
              {"path":"version.json","size":19,"sha256":"00"}]}
            """);
        var c = BuildComparison.Compare(BuildListing.Load(folder), BuildListing.Load(manifest));
        var options = new SupplyChainOptions(null, [], null, null, null, ["CRITICAL", "HIGH"], null, [], folder, manifest);
        var result = SupplyChainGate.Judge(options, new SupplyChainInputs(null, [], c, null), DateTimeOffset.Parse("2026-11-26T03:00:00Z"));
        var md = SupplyChainReport.RenderReproducibility(result, "staging").ToString();
        Assert.Multiple(() =>
        {
            Assert.That(c.Files.Select(f => f.Result), Is.EqualTo(new[] { FileComparison.Identical, FileComparison.Changed }), "hashes compare case-insensitively");
            Assert.That(md, Does.StartWith("# Build reproducibility — staging\n\n**Verdict: NOT REPRODUCIBLE** — 1 of 2 files differ."));
            Assert.That(md, Does.Contain($"| index.html | identical | {hash} | {hash} | 6 / 6 |"));
            Assert.That(md, Does.Contain("| version.json | **changed** | "));
        });
    }

    [Test]
    public void Not_a_manifest_is_refused_with_how_to_make_one()
    {
        var file = Path.Combine(_root, "x.json");
        File.WriteAllText(file, "{}");
        Assert.That(() => BuildListing.Load(file), Throws.TypeOf<InvalidDataException>().With.Message
            .EqualTo($"'{file}' is not a frontend manifest (no \"files\" array; make one with 'sirim-verify frontend-manifest BUILD_DIR')"));
    }
}
