using Sirim.Verification.Canary;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Canary.Tests.Canary;

/// <summary>The canary's default probe paths are the deployment's readiness route and the version route.</summary>
public sealed class CanaryProbePathsTests
{
    private static OptionsResult<CanaryOptions> Load(Dictionary<string, string> env)
    {
        env.TryAdd("SIRIM_API_URL", "http://127.0.0.1:5001");
        env.TryAdd("SIRIM_CANARY_URL", "http://127.0.0.1:5002");
        env.TryAdd("SIRIM_LOAD_ALLOWED_HOSTS", "127.0.0.1");
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), _ => null));
        Assert.That(loaded.IsValid, Is.True, loaded.ErrorReport);
        return CanaryOptions.From(loaded.Options!);
    }

    [TestCase(null, new[] { "/readyz", "/api/version" }, TestName = "canary paths: default readiness route")]
    [TestCase("/health/ready", new[] { "/health/ready", "/api/version" }, TestName = "canary paths: configured readiness route")]
    public void Default_probe_paths_follow_the_readiness_route(string? readiness, string[] expected)
    {
        var env = new Dictionary<string, string>();
        if (readiness is not null) env["SIRIM_READINESS_PATH"] = readiness;
        var loaded = Load(env);
        Assert.That(loaded.Errors, Is.Empty);
        Assert.That(loaded.Options!.ProbePaths, Is.EqualTo(expected));
    }

    [Test]
    public void Configured_probe_paths_win()
    {
        var loaded = Load(new() { ["SIRIM_READINESS_PATH"] = "/health/ready", ["SIRIM_CANARY_PROBE_PATHS"] = "/api/version" });
        Assert.That(loaded.Options!.ProbePaths, Is.EqualTo(new[] { "/api/version" }));
    }
}
