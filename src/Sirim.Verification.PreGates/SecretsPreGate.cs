using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.PreGates.Checks;

namespace Sirim.Verification.PreGates;

/// <summary>Whether one required secret is present. Only the name and a yes/no are kept: the value is never read into memory beyond the test for emptiness.</summary>
public sealed record SecretPresence(string Name, bool IsSet);

/// <summary>
/// The secrets pre-gate: the configured names (e.g. JWT_SECRET, DATABASE_URL, CONNECTION_POOL_SIZE) must be set in the
/// environment of the run. Reported as set / missing, never with values (<c>secrets_provisioning.md</c>). While one is
/// missing the load and pool gates do not run: load against a half-provisioned deployment measures the wrong thing.
/// </summary>
public static class SecretsPreGate
{
    public const string Name = "presecrets";
    public const string EvidenceFile = "secrets_provisioning.md";

    /// <summary>Gates held back while a required secret is missing.</summary>
    public static readonly IReadOnlyList<string> HeldBackGates = ["load", "pool"];

    public static IReadOnlyList<string> RequiredNames(TargetOptions options) => ParseNames(options.Setting(SettingsCatalog.RequiredSecrets));

    public static IReadOnlyList<string> ParseNames(string? raw) =>
        (raw ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();

    /// <summary>Looks each name up; an empty or whitespace value counts as missing.</summary>
    public static IReadOnlyList<SecretPresence> Probe(IEnumerable<string> names, Func<string, string?> environment) =>
        names.Select(n => new SecretPresence(n, !string.IsNullOrWhiteSpace(environment(n)))).ToList();

    public static IReadOnlyList<CheckOutcome> Judge(IReadOnlyList<SecretPresence> presence) =>
        presence.Select(p => new SecretPresent().Evaluate(p)).ToList();

    /// <summary>Why <paramref name="gate"/> must not run, or null: a held-back gate while a required secret is missing.</summary>
    public static string? HoldBackReason(string gate, TargetOptions options, Func<string, string?> environment)
    {
        if (!HeldBackGates.Contains(gate)) return null;
        var missing = Probe(RequiredNames(options), environment).Where(p => !p.IsSet).Select(p => p.Name).ToList();
        return missing.Count == 0 ? null
            : $"NOT RUN: required secret(s) {string.Join(", ", missing)} missing from the environment; load gates wait until they are provisioned (see {EvidenceFile})";
    }

    public static MarkdownDocument Render(string environment, IReadOnlyList<SecretPresence> presence)
    {
        var missing = presence.Where(p => !p.IsSet).ToList();
        var doc = new MarkdownDocument($"Secrets provisioning — {environment}");
        doc.Paragraph(presence.Count == 0
            ? "**NOT RUN** — no required secret names configured (requiredSecrets / SIRIM_REQUIRED_SECRETS)."
            : missing.Count == 0
                ? $"**PASS** — all {presence.Count} required secrets are set."
                : $"**FAIL** — {missing.Count} of {presence.Count} required secrets missing: {string.Join(", ", missing.Select(m => $"`{m.Name}`"))}. " +
                  $"The {string.Join(" and ", HeldBackGates)} gates do not run until they are provisioned.");
        doc.Paragraph("Only presence is checked and reported; values are never read into this report, the logs or the attachments.");
        doc.Table(["variable", "status"], presence.Select(p => (IReadOnlyList<string>)[p.Name, p.IsSet ? "set" : "**missing**"]));
        doc.Heading("How to provision").Bullets([
            "CI: define each name in the CI secret store (GitHub Actions: repository or environment secrets; Azure Pipelines: a variable group marked secret) and map it into the job's environment.",
            "Locally: export the variable in the shell that runs the suite; never write values into .runsettings or any committed file.",
        ]);
        return doc;
    }
}
