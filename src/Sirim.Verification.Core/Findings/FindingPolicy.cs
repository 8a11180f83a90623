using System.Collections.Concurrent;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Core.Findings;

/// <summary>
/// Decides, for each finding of the run, whether it blocks: an accepted deviation that covers it and has not expired
/// makes it ACCEPTED DEVIATION (never blocking); an expired one makes it block again and says so; otherwise its severity
/// blocks when it is in blockingSeverities. Remembers which deviations matched, so the rest can be listed as stale.
/// </summary>
public sealed class FindingPolicy(BlockingSeverities blocking, IReadOnlyList<AcceptedDeviation> deviations, DateOnly today)
{
    private readonly ConcurrentDictionary<AcceptedDeviation, bool> _matched = new();

    public static FindingPolicy Strict { get; } = new(BlockingSeverities.All, [], DateOnly.FromDateTime(DateTime.UtcNow));

    public BlockingSeverities Blocking => blocking;
    public IReadOnlyList<AcceptedDeviation> Deviations => deviations;
    public DateOnly Today => today;

    public Finding Judge(CheckOutcome failed, Func<string, string> redact) => Judge(Finding.Of(failed, redact));

    public Finding Judge(Finding finding)
    {
        var deviation = deviations.FirstOrDefault(d => d.Covers(finding));
        if (deviation is not null)
        {
            _matched[deviation] = true;
            var terms = deviation.Terms;
            return terms.ExpiredOn(today)
                ? finding with { Disposition = FindingDisposition.AcceptanceExpired, Deviation = $"accepted deviation EXPIRED on {terms.Expires:yyyy-MM-dd} ({terms.Owner}: {terms.Reason}): it blocks again" }
                : finding with { Disposition = FindingDisposition.AcceptedDeviation, Deviation = $"ACCEPTED DEVIATION until {terms.Expires:yyyy-MM-dd} ({terms.Owner}: {terms.Reason})" };
        }
        return finding with { Disposition = blocking.Blocks(finding.Severity) ? FindingDisposition.Blocking : FindingDisposition.NonBlocking };
    }

    /// <summary>Deviations that covered no finding of this run (the finding is gone, or the entry is mistyped).</summary>
    public IReadOnlyList<AcceptedDeviation> Stale() => AcceptanceFile.Stale(deviations, d => _matched.ContainsKey(d));
}
