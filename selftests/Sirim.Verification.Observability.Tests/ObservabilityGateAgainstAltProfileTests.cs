using Sirim.ReferenceTarget.Hosting;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.TestSupport;

namespace Sirim.Verification.Observability.Tests;

/// <summary>
/// The observability gate against the reference target's alt convention profile (health at /health and /health/ready,
/// application/health+json) with the settings of runsettings/reference-alt.runsettings: every check passes, the
/// restart included.
/// </summary>
[NonParallelizable]
public sealed class ObservabilityGateAgainstAltProfileTests : AgainstReferenceTarget
{
    protected override ReferenceProfile? Profile => ReferenceProfile.Alt;

    [Test]
    public async Task Clean_alt_target_passes_every_check()
    {
        var root = RepositoryRoot.Find();
        var env = new Dictionary<string, string>(Reference.Environment)
        {
            ["SIRIM_LIVENESS_PATH"] = "/health",
            ["SIRIM_READINESS_PATH"] = "/health/ready",
            ["SIRIM_ALERT_RULES_FILE"] = "release/reference/alert-rules.yml",
        };
        var target = TargetOptionsLoader.Load(new SettingsSource(k => env.TryGetValue(k, out var v) ? v : null, _ => null)).Options!;
        var options = ObservabilityOptions.From(target, p => Path.Combine(root, p)).Options!;
        using var client = new ExchangeClient(target.RequestTimeout, target.TlsSkipVerify);
        var result = await new ObservabilityGate(options, client, new Redactor(target.SecretValues)).RunAsync(null, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.That(FailureRenderer.RenderAll(result.Outcomes, Redactor.None), Is.Empty);
        Assert.That(result.Outcomes.Count(o => o.Status == CheckStatus.NotApplicable), Is.EqualTo(0));
        Assert.That(result.Inputs.RequestIds.Select(x => x.Path).Distinct(), Is.EqualTo(new[] { "/health", "/health/ready", "/api/version", "/api/gastos" }));
    }
}
