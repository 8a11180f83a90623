using System.Text.Json.Serialization;

namespace Sirim.Verification.Core.Evidence;

[JsonConverter(typeof(JsonStringEnumConverter))]
public enum GateStatus { Pass, Fail, NotRun }

/// <summary>A key figure of a gate against its threshold, e.g. "p95 = 41 ms" against "p95 &lt; 300ms".</summary>
public sealed record KeyFigure(string Name, string Actual, string Threshold, bool? Ok);

/// <summary>What one gate concluded in a run, with its findings (kind, severity, disposition); go_no_go.md is assembled from these.</summary>
public sealed record GateSummary(
    string Gate,
    GateStatus Status,
    int Passed,
    int Failed,
    int Skipped,
    IReadOnlyList<KeyFigure> Figures,
    IReadOnlyList<string> EvidenceFiles,
    IReadOnlyList<string> Failures,
    string? Reason = null,
    IReadOnlyList<Findings.Finding>? Findings = null)
{
    /// <summary>Every finding of the gate (blocking or not, accepted deviations included); empty when none was recorded.</summary>
    public IReadOnlyList<Findings.Finding> AllFindings => Findings ?? [];
}
