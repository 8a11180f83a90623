using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Gates.Infrastructure;
using Sirim.Verification.PreGates;

namespace Sirim.Verification.Gates.PreGates;

/// <summary>
/// The secrets pre-gate: every configured name (requiredSecrets / SIRIM_REQUIRED_SECRETS) is set in the environment of
/// the run, reported as set / missing, never with values. While one is missing the load and pool gates do not run.
/// </summary>
[Gate(SecretsPreGate.Name), Description("Secrets provisioned"), Order(0)]
public sealed class SecretsPreGateTests : GateTest
{
    [Test, Severity("blocker")]
    [Description("every required secret is set (values never shown)")]
    public void Required_secrets_are_set()
    {
        var names = SecretsPreGate.RequiredNames(Suite.Options);
        var presence = SecretsPreGate.Probe(names, Environment.GetEnvironmentVariable);
        var file = Suite.Run.WriteMarkdown(SecretsPreGate.EvidenceFile, SecretsPreGate.Render(Suite.Run.Environment, presence));
        Suite.Ledger.AddEvidence(SecretsPreGate.Name, file);
        if (names.Count == 0)
            Assert.Ignore("NOT RUN: no required secret names configured (requiredSecrets / SIRIM_REQUIRED_SECRETS)");
        var set = presence.Count(p => p.IsSet);
        Suite.Ledger.AddFigure(SecretsPreGate.Name, new KeyFigure("required secrets set", $"{set}/{presence.Count}", $"{presence.Count}/{presence.Count}", set == presence.Count));
        Allure.AttachText(SecretsPreGate.EvidenceFile, File.ReadAllText(file), "text/markdown", "md");
        AssertOutcomes(SecretsPreGate.Judge(presence));
    }
}
