using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.PreGates;

namespace Sirim.Verification.Cli;

/// <summary>
/// <c>parity --left dev.env --right prod.env</c>: compares the variable NAMES of two environment files or listings and
/// writes paridad_entornos.md (values are never read into the report). Exit 0 same names, 1 differences.
/// </summary>
public static class ParityCommand
{
    public const string Usage = "parity --left FILE --right FILE [--left-label dev] [--right-label prod] [--settings FILE.runsettings] [--run-id ID]\n" +
        "    compare the variable names of two environment files or listings; exit 0 same names, 1 differences; writes paridad_entornos.md";

    public static Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var o = Options.Parse(args, "--left", "--right", "--left-label", "--right-label", "--settings", "--run-id");
        if (!o.TryGetValue("--left", out var left) || !o.TryGetValue("--right", out var right))
            throw new UsageException("--left FILE and --right FILE are required");
        foreach (var f in new[] { left, right })
            if (!File.Exists(f)) throw new UsageException($"'{f}' does not exist");
        var overrides = new Dictionary<string, string>();
        if (o.TryGetValue("--run-id", out var runId)) overrides["SIRIM_RUN_ID"] = runId;
        var settings = new CliSettings(overrides, o.GetValueOrDefault("--settings"));

        var (leftNames, rightNames) = (EnvListing.ReadFile(left), EnvListing.ReadFile(right));
        var leftLabel = o.GetValueOrDefault("--left-label") ?? Path.GetFileName(left);
        var rightLabel = o.GetValueOrDefault("--right-label") ?? Path.GetFileName(right);
        var result = EnvironmentParity.Compare(leftLabel, leftNames.Names, rightLabel, rightNames.Names);
        var problems = leftNames.Problems.Select(p => $"{leftLabel} {p}").Concat(rightNames.Problems.Select(p => $"{rightLabel} {p}")).ToList();
        var outcome = EnvironmentParity.Judge(result);

        var run = settings.OpenRun([]);
        var file = run.WriteMarkdown(EnvironmentParity.EvidenceFile, EnvironmentParity.Render(result, problems));
        var summary = new GateSummary(EnvironmentParity.Name, outcome.Failed ? GateStatus.Fail : GateStatus.Pass, outcome.Failed ? 0 : 1, outcome.Failed ? 1 : 0, 0,
            [new KeyFigure("names only on one side", (result.OnlyLeft.Count + result.OnlyRight.Count).ToString(), "0", result.NamesMatch)],
            [file], outcome.Failed ? [FailureRenderer.Render(outcome, run.Redactor)] : []);
        settings.RecordAndRenderGoNoGo(run, summary, null);

        Console.WriteLine(outcome.Failed ? FailureRenderer.Render(outcome, run.Redactor).TrimEnd() : $"PASS: {leftLabel} and {rightLabel} define the same {result.Common.Count} names");
        foreach (var p in problems) Console.WriteLine("  note: " + p);
        Console.WriteLine($"evidence: {file}");
        return Task.FromResult(outcome.Failed ? 1 : 0);
    }
}
