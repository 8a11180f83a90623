using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Core.Checks;

/// <summary>How bad a failed check is for the release (maps to Allure's severity label).</summary>
public enum Severity { Low, Medium, High, Critical }

public enum CheckStatus { Passed, Failed, NotApplicable }

/// <summary>
/// The verdict of one check on one subject. Checks return outcomes, they do not throw; the NUnit layer gathers every
/// outcome of an exchange into one failure message (see <see cref="FailureRenderer"/>).
/// </summary>
public sealed record CheckOutcome(
    string Gate,
    string CheckId,
    string Subject,
    Severity Severity,
    CheckStatus Status,
    string? Expected = null,
    string? Actual = null,
    string? Hint = null,
    HttpExchange? Exchange = null)
{
    public bool Failed => Status == CheckStatus.Failed;

    /// <summary>The kind the check saw on this exchange; null: the check id's default (<see cref="FindingCatalog"/>).</summary>
    public FindingKind? SeenKind { get; init; }

    /// <summary>What kind of failure this is: what the check saw, else its id's default kind in <see cref="FindingCatalog"/>.</summary>
    public FindingKind Kind => SeenKind ?? FindingCatalog.Find(CheckId)?.Kind ?? FindingKind.BrokenFlow;

    /// <summary>
    /// This outcome as the kind that was actually seen, with that kind's risk: <paramref name="severity"/> when the
    /// check places it, otherwise the kind's default on the scale (<see cref="FindingScale"/>). Only failures change.
    /// </summary>
    public CheckOutcome Seen(FindingKind kind, Severity? severity = null) =>
        Failed ? this with { SeenKind = kind, Severity = severity ?? FindingScale.For(kind).Severity } : this;

    /// <inheritdoc cref="Seen(FindingKind, Severity?)"/>
    public CheckOutcome Seen((FindingKind Kind, Severity Severity) seen) => Seen(seen.Kind, seen.Severity);

    public static CheckOutcome Pass(string gate, string checkId, string subject, Severity severity, HttpExchange? exchange = null) =>
        new(gate, checkId, subject, severity, CheckStatus.Passed, Exchange: exchange);

    public static CheckOutcome Fail(string gate, string checkId, string subject, Severity severity,
        string expected, string actual, string? hint = null, HttpExchange? exchange = null) =>
        new(gate, checkId, subject, severity, CheckStatus.Failed, expected, actual, hint, exchange);

    public static CheckOutcome NotApplicable(string gate, string checkId, string subject, string reason) =>
        new(gate, checkId, subject, Severity.Low, CheckStatus.NotApplicable, Actual: reason);
}
