using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.PreGates;

namespace Sirim.Verification.Cli;

/// <summary>
/// <c>secrets [--names A,B]</c>: reports whether each required secret is set in this environment (never its value) and
/// writes secrets_provisioning.md. Exit 0 all set, 1 some missing, 2 no names configured.
/// </summary>
public static class SecretsCommand
{
    public const string Usage = "secrets [--names JWT_SECRET,DATABASE_URL,...] [--settings FILE.runsettings] [--run-id ID]\n" +
        "    report each required secret as set or missing (never its value); exit 0 all set, 1 missing; writes secrets_provisioning.md";

    public static Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var o = Options.Parse(args, "--names", "--settings", "--run-id");
        var overrides = new Dictionary<string, string>();
        if (o.TryGetValue("--names", out var names)) overrides[SettingsCatalog.RequiredSecrets.EnvironmentVariable] = names;
        if (o.TryGetValue("--run-id", out var runId)) overrides["SIRIM_RUN_ID"] = runId;
        var settings = new CliSettings(overrides, o.GetValueOrDefault("--settings"));
        var required = SecretsPreGate.ParseNames(settings.Source.Get(SettingsCatalog.RequiredSecrets));
        if (required.Count == 0) throw new UsageException("no names: pass --names or set requiredSecrets (SIRIM_REQUIRED_SECRETS)");

        var presence = SecretsPreGate.Probe(required, Environment.GetEnvironmentVariable);
        // The named variables are secrets even when the catalogue does not know them: mask their values everywhere.
        var run = settings.OpenRun(required.Select(Environment.GetEnvironmentVariable).OfType<string>());
        var file = run.WriteMarkdown(SecretsPreGate.EvidenceFile, SecretsPreGate.Render(run.Environment, presence));
        var missing = presence.Where(p => !p.IsSet).Select(p => p.Name).ToList();
        settings.RecordAndRenderGoNoGo(run, new GateSummary(SecretsPreGate.Name, missing.Count == 0 ? GateStatus.Pass : GateStatus.Fail,
            presence.Count - missing.Count, missing.Count, 0,
            [new KeyFigure("required secrets set", $"{presence.Count - missing.Count}/{presence.Count}", $"{presence.Count}/{presence.Count}", missing.Count == 0)],
            [file], missing.Select(m => $"[presecrets] secret_present: {m} is missing").ToList()), null);
        foreach (var p in presence) Console.WriteLine($"{p.Name,-32} {(p.IsSet ? "set" : "MISSING")}");
        Console.WriteLine($"evidence: {file}");
        return Task.FromResult(missing.Count == 0 ? 0 : 1);
    }
}
