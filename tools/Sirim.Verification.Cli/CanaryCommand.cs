using Sirim.Verification.Canary;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Cli;

/// <summary>
/// <c>canary --baseline URL --canary URL</c>: probes both deployments interleaved, compares them with the rules and the
/// Mann-Whitney test, writes canary_analysis.md and gates/canary.json into the run folder, refreshes go_no_go.md, and
/// exits 0 PROMOTE, 1 ROLLBACK, 3 INCONCLUSIVE (2: usage or configuration error, nothing sent).
/// </summary>
public static class CanaryCommand
{
    public const string Usage = "canary --baseline URL --canary URL [--paths P1,P2 (default: readinessPath,/api/version)] [--requests N] [--concurrency N]\n" +
        "       [--max-seconds S] [--rules \"p95 <= +10%; error_rate <= +50%; 5xx <= +0\"] [--settings FILE.runsettings] [--run-id ID]\n" +
        "    compare a canary with its baseline: exit 0 PROMOTE, 1 ROLLBACK, 3 INCONCLUSIVE; writes canary_analysis.md";

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var o = Options.Parse(args, "--baseline", "--canary", "--paths", "--requests", "--concurrency", "--max-seconds", "--rules", "--settings", "--run-id");
        if (!o.ContainsKey("--canary")) throw new UsageException("--canary URL is required");
        var overrides = new Dictionary<string, string>();
        void Map(string option, SettingDefinition d) { if (o.TryGetValue(option, out var v)) overrides[d.EnvironmentVariable] = v; }
        Map("--baseline", SettingsCatalog.CanaryBaselineUrl);
        Map("--canary", SettingsCatalog.CanaryUrl);
        Map("--paths", SettingsCatalog.CanaryProbePaths);
        Map("--requests", SettingsCatalog.CanaryRequests);
        Map("--concurrency", SettingsCatalog.CanaryConcurrency);
        Map("--max-seconds", SettingsCatalog.CanaryMaxSeconds);
        Map("--rules", SettingsCatalog.CanaryRules);
        Map("--run-id", SettingsCatalog.RunId);
        var settings = new CliSettings(overrides, o.GetValueOrDefault("--settings"));
        // The baseline is the deployment under test unless another API URL is configured.
        if (settings.Source.Get(SettingsCatalog.ApiBaseUrl) is null && o.TryGetValue("--baseline", out var baseline))
            overrides[SettingsCatalog.ApiBaseUrl.EnvironmentVariable] = baseline;

        // The target options and the canary's own settings are checked together, before any probe: one report, no secret in it.
        var loaded = TargetOptionsLoader.Load(settings.Source)
            .ValidateGates([new GateSettingsValidator(CanaryGate.Name, t => CanaryOptions.From(t).Errors)]);
        if (!loaded.IsValid) throw new UsageException(loaded.ErrorReport);
        var target = loaded.Options!;
        var canary = CanaryOptions.From(target);
        if (canary.Options is null)
            throw new UsageException("the canary analysis cannot start; nothing was sent:\n  - " + loaded.Redactor.Text(canary.NotRunReason));

        var options = canary.Options;
        var run = settings.OpenRun(target.SecretValues); // before any request: a run that cannot keep its evidence sends nothing
        Console.Error.WriteLine(loaded.Redactor.Text($"[canary] probing {options.BaselineUrl} (baseline) and {options.CanaryUrl} (canary): " +
                                $"{options.RequestsPerSide} GET each on {string.Join(", ", options.ProbePaths)}, {options.Concurrency} worker(s), at most {options.MaxDuration.TotalSeconds:0} s"));
        using var client = new ExchangeClient(target.RequestTimeout, target.TlsSkipVerify);
        var result = await new CanaryGate(options, client).RunAsync(ct);

        var analysis = run.WriteMarkdown(CanaryGate.EvidenceFile, CanaryAnalysisReport.Render(result, run.Environment, run.Redactor));
        var goNoGo = settings.RecordAndRenderGoNoGo(run, CanaryGate.Summary(result, [analysis]), target);

        var c = result.Comparison;
        Console.WriteLine($"{result.Decision.Label}: canary p95 {c.Canary.P95Ms:0.0} ms vs baseline {c.Baseline.P95Ms:0.0} ms; " +
                          $"errors {c.Canary.Errors}/{c.Canary.Requests} vs {c.Baseline.Errors}/{c.Baseline.Requests}; " +
                          $"5xx {c.Canary.ServerErrors} vs {c.Baseline.ServerErrors}; Mann-Whitney one-sided p = {c.LatencyTest?.PXGreater:0.####}");
        foreach (var reason in result.Decision.Reasons) Console.WriteLine("  - " + run.Redactor.Text(reason));
        Console.WriteLine($"evidence: {analysis}");
        Console.WriteLine($"go/no-go: {goNoGo}");
        return result.Decision.ExitCode;
    }
}
