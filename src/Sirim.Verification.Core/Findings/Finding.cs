using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.Core.Findings;

/// <summary>What a finding means for the verdict.</summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum FindingDisposition
{
    /// <summary>Its severity is in blockingSeverities: the gate fails.</summary>
    Blocking,
    /// <summary>Its severity is not in blockingSeverities: shown, the gate passes.</summary>
    NonBlocking,
    /// <summary>Covered by an entry of the accepted deviations file that has not expired: shown, never blocking.</summary>
    AcceptedDeviation,
    /// <summary>Covered by an accepted deviation whose expiry date has passed: it blocks again.</summary>
    AcceptanceExpired,
}

/// <summary>
/// One failed check on one subject as the release manager sees it: its kind and severity on the risk scale, whether it
/// blocks, and a fingerprint that stays the same across runs (the subject with the ids a run creates masked).
/// </summary>
public sealed record Finding(
    string Gate,
    string CheckId,
    string Subject,
    FindingKind Kind,
    Severity Severity,
    FindingDisposition Disposition,
    string Summary,
    string? Deviation = null)
{
    public bool Blocks => Disposition is FindingDisposition.Blocking or FindingDisposition.AcceptanceExpired;

    /// <summary>A stable id of the finding across runs: gate, check and the subject without run-created ids.</summary>
    public string Fingerprint => FingerprintOf(Gate, CheckId, Subject);

    public static string FingerprintOf(string gate, string checkId, string subject)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{gate}\n{checkId}\n{StableSubject(subject)}"));
        return Convert.ToHexStringLower(bytes)[..16];
    }

    private static readonly Regex Uuid = new("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.Compiled);
    private static readonly Regex IdSegment = new(@"(?<=/)[0-9]+(?=[/?#\s)]|$)", RegexOptions.Compiled);
    private static readonly Regex Timestamp = new(@"\b[0-9]{8}T[0-9]{6}Z\b", RegexOptions.Compiled);
    private static readonly Regex Elapsed = new(@"\b[0-9]+(\.[0-9]+)? ?(ms|s)\b", RegexOptions.Compiled);
    // An id written in words ("resource 62", "id 66", "gasto #7"): the resource the run created for a probe.
    private static readonly Regex IdInWords = new(@"(?<=\b(?:resource|id|gasto|item) #?)[0-9]+\b", RegexOptions.Compiled | RegexOptions.IgnoreCase);

    /// <summary>
    /// The subject as it reads in every run: ids the run created (numeric path segments, "resource 62", UUIDs), run ids and durations
    /// are masked, so the same finding on a resource created anew each run keeps its fingerprint.
    /// </summary>
    public static string StableSubject(string subject)
    {
        var s = Uuid.Replace(subject, "{uuid}");
        s = Timestamp.Replace(s, "{run}");
        s = IdSegment.Replace(s, "{id}");
        s = IdInWords.Replace(s, "{id}");
        return Elapsed.Replace(s, "{t}").Trim();
    }

    /// <summary>The finding of a failed outcome, before blocking severities and accepted deviations are applied.</summary>
    public static Finding Of(CheckOutcome failed, Func<string, string> redact) =>
        new(failed.Gate, failed.CheckId, redact(failed.Subject), failed.Kind, failed.Severity, FindingDisposition.Blocking,
            redact($"{failed.CheckId}: {failed.Subject} — expected {failed.Expected ?? "?"}, actual {failed.Actual ?? "?"}"));

    private static readonly Regex FailureLine = new(@"^\[(?<gate>[a-z0-9_]+)\] (?<check>[a-z][a-z0-9_]*): (?<subject>.*?)(\s+\(severity (?<severity>low|medium|high|critical)(?: · (?<kind>[a-z ]+))?\))?$", RegexOptions.Compiled);

    /// <summary>
    /// The findings of a failed test that recorded no outcome through the findings policy (a precondition of the gate,
    /// or a gate that renders its own failures): every line of its message in the standard header shape
    /// ("[gate] check_id: subject   (severity x · kind)"; the first line may omit the severity, any line the kind). Empty for any other message.
    /// </summary>
    public static IReadOnlyList<Finding> FromMessage(string message)
    {
        var found = new List<Finding>();
        var lines = message.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            var m = FailureLine.Match(lines[i]);
            if (!m.Success || (i > 0 && !m.Groups["severity"].Success)) continue;
            var checkId = m.Groups["check"].Value;
            var row = FindingCatalog.Find(checkId);
            var severity = m.Groups["severity"].Success ? Enum.Parse<Severity>(m.Groups["severity"].Value, ignoreCase: true) : row?.Severity ?? Severity.High;
            var kind = m.Groups["kind"].Success && Enum.GetValues<FindingKind>().FirstOrDefault(k => FindingScale.Label(k) == m.Groups["kind"].Value) is var seen
                       && FindingScale.Label(seen) == m.Groups["kind"].Value ? seen : row?.Kind ?? FindingKind.BrokenFlow;
            found.Add(new Finding(m.Groups["gate"].Value, checkId, m.Groups["subject"].Value.Trim(), kind, severity,
                FindingDisposition.Blocking, lines[i]));
        }
        return found;
    }
}
