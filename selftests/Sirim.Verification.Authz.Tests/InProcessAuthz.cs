using System.Xml.Linq;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Tests;

/// <summary>
/// The authorization gate run in this process against a reference deployment: the settings come from the deployment's
/// environment and a runsettings file's TestRunParameters, exactly as the suite reads them (no child test run).
/// </summary>
public static class InProcessAuthz
{
    public sealed record Execution(AuthzResult Result, string Matrix, TargetOptions Target, Redactor Redactor)
    {
        public IReadOnlyList<string> FailedChecks => Result.Outcomes.Where(o => o.Failed).Select(o => o.CheckId).Distinct().Order().ToList();

        public string Failures => FailureRenderer.RenderAll(Result.Outcomes.Where(o => o.Failed).ToList(), Redactor);
    }

    public static async Task<Execution> RunAsync(IReadOnlyDictionary<string, string> environment, string runSettings = "runsettings/reference.runsettings",
        IReadOnlyDictionary<string, string>? overrides = null)
    {
        var root = RepositoryRoot.Find();
        var parameters = XDocument.Load(Path.Combine(root, runSettings)).Descendants("Parameter")
            .ToDictionary(p => (string)p.Attribute("name")!, p => (string)p.Attribute("value")!);
        // A run id of its own, so rows tagged by another run are never taken for this one's.
        var env = new Dictionary<string, string>(environment) { ["SIRIM_RUN_ID"] = "authz-" + Guid.NewGuid().ToString("N")[..12] };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string>()) env[k] = v;
        var loaded = TargetOptionsLoader.Load(new SettingsSource(k => env.GetValueOrDefault(k), k => parameters.GetValueOrDefault(k)));
        Assert.That(loaded.Options, Is.Not.Null, string.Join("\n", loaded.Errors));
        var target = loaded.Options!;
        var options = AuthzOptions.From(target);
        Assert.That(options.Errors, Is.Empty);
        Assert.That(options.Options, Is.Not.Null, options.NotRunReason);
        using var client = new ExchangeClient(target.RequestTimeout, target.TlsSkipVerify);
        var result = await new AuthzGate(target, options.Options!, client, root).RunAsync(CancellationToken.None);
        return new Execution(result, AuthorizationMatrixReport.Render(result, "reference", loaded.Redactor).ToString(), target, loaded.Redactor);
    }
}
