using System.Collections.Concurrent;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Findings;

namespace Sirim.Verification.Gates.Infrastructure;

/// <summary>Accumulates, per gate, the test outcomes, key figures and evidence files of this run; go_no_go.md is built from it.</summary>
public sealed class GateLedger
{
    private sealed class Entry
    {
        public int Passed, Failed, Skipped;
        public readonly List<KeyFigure> Figures = [];
        public readonly List<string> Evidence = [];
        public readonly List<string> Failures = [];
        public readonly List<string> SkipReasons = [];
        public readonly List<Finding> Findings = [];
        public readonly HashSet<string> TestsWithFindings = [];
    }

    private readonly ConcurrentDictionary<string, Entry> _gates = new();
    private readonly ConcurrentDictionary<string, byte> _running = new();

    /// <summary>A gate's fixture started (its one-time setup, where some gates do all their I/O).</summary>
    public void MarkStarted(string gate) { For(gate); _running[gate] = 0; }

    /// <summary>A gate's fixture ended.</summary>
    public void MarkEnded(string gate) => _running.TryRemove(gate, out _);

    /// <summary>The gates started and not ended yet.</summary>
    public IReadOnlyList<string> Running => _running.Keys.OrderBy(g => g).ToList();

    private Entry For(string gate) => _gates.GetOrAdd(gate, _ => new Entry());

    public void RecordTest(string gate, string status, string testName, string? message)
    {
        var e = For(gate);
        lock (e)
        {
            switch (status)
            {
                case "passed": e.Passed++; break;
                case "skipped":
                    e.Skipped++;
                    if (message is not null && e.SkipReasons.Count < 5) e.SkipReasons.Add(message.Split('\n')[0]);
                    break;
                default:
                    e.Failed++;
                    e.Failures.Add($"{testName}: {(message ?? "failed").Trim()}");
                    // A failure that recorded no finding (a precondition of the gate) still counts as one when its message has the standard shape.
                    if (!e.TestsWithFindings.Contains(testName) && message is not null) e.Findings.AddRange(Finding.FromMessage(message));
                    break;
            }
        }
    }

    /// <summary>The findings one test saw (blocking or not); they are listed in go_no_go.md and findings.json.</summary>
    public void AddFindings(string gate, string testName, IEnumerable<Finding> findings)
    {
        var e = For(gate);
        var list = findings.ToList();
        if (list.Count == 0) return;
        lock (e)
        {
            e.TestsWithFindings.Add(testName);
            e.Findings.AddRange(list);
        }
    }

    public void AddFigure(string gate, KeyFigure figure) { var e = For(gate); lock (e) e.Figures.Add(figure); }

    public void AddEvidence(string gate, string path) { var e = For(gate); lock (e) if (!e.Evidence.Contains(path)) e.Evidence.Add(path); }

    public IReadOnlyList<GateSummary> Summaries() => _gates.Select(kv =>
    {
        var e = kv.Value;
        lock (e)
        {
            var status = e.Failed > 0 ? GateStatus.Fail : e.Passed > 0 ? GateStatus.Pass : GateStatus.NotRun;
            var reason = status == GateStatus.NotRun && e.SkipReasons.Count > 0 ? string.Join("; ", e.SkipReasons.Distinct()) : null;
            return new GateSummary(kv.Key, status, e.Passed, e.Failed, e.Skipped, e.Figures.ToList(), e.Evidence.ToList(), e.Failures.ToList(), reason, e.Findings.ToList());
        }
    }).OrderBy(s => s.Gate).ToList();
}
