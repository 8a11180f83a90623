using System.Text.Json.Serialization;

namespace Sirim.Verification.Core.Checks;

/// <summary>
/// What kind of failure a finding is, decided from what was actually seen (a check that can see several kinds, such as
/// <c>auth_required</c>, sets it per exchange). The kind sets the default severity (see <see cref="FindingScale"/>).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter))]
public enum FindingKind
{
    /// <summary>Something that must be refused was accepted (no credentials, forged token, wrong type, foreign origin…).</summary>
    Accepted,
    /// <summary>The target answered 5xx.</summary>
    ServerError,
    /// <summary>Refused, but with another status or without the expected header or error shape (403 for 401, 400 for 413).</summary>
    WrongRefusal,
    /// <summary>A reasonable answer the contract does not declare: document it.</summary>
    ContractGap,
    /// <summary>A success answer off its schema, media type or declared headers.</summary>
    ContractViolation,
    /// <summary>A missing or weak security header, CSP directive or cookie flag; a version or stack leaked.</summary>
    MissingHardening,
    /// <summary>Another identity's data reached, or a read-only role allowed to write (OWASP API1/API5).</summary>
    AccessControl,
    /// <summary>A liveness, readiness or login probe, or a user flow through the frontend, does not work.</summary>
    BrokenFlow,
    /// <summary>A latency, error-rate, pool or canary budget was exceeded.</summary>
    BudgetExceeded,
    /// <summary>Data the suite created was not removed.</summary>
    DataLeftBehind,
    /// <summary>The deployed artefact differs from the release (frontend files, version, reproducibility, drift).</summary>
    ReleaseMismatch,
    /// <summary>A known vulnerability, or missing or stale supply-chain evidence.</summary>
    SupplyChain,
    /// <summary>A prerequisite of the release is missing (a secret, environment parity).</summary>
    Prerequisite,
    /// <summary>A secret or data the caller must not see appears in an answer (a password hash, a stack trace…).</summary>
    DataExposure,
    /// <summary>Metrics, alert rules or request ids the operators rely on are missing or wrong.</summary>
    ObservabilityGap,
}

/// <summary>One row of the scale: a kind, its default severity and what the release manager does about it.</summary>
public sealed record FindingScaleRow(FindingKind Kind, Severity Severity, string Meaning, string Action);

/// <summary>
/// The risk scale every report uses (README "Findings: kind and severity"): a kind's default severity and the action it
/// calls for. A check may place one kind higher or lower (a forged token accepted is critical, a wrong type accepted high).
/// </summary>
public static class FindingScale
{
    public static IReadOnlyList<FindingScaleRow> Rows { get; } =
    [
        new(FindingKind.Accepted, Severity.Critical, "something that must be refused was accepted", "stop the release; fix before going live (high when the input is only malformed)"),
        new(FindingKind.AccessControl, Severity.Critical, "another identity's data reached or changed", "stop the release; fix the authorization rule"),
        new(FindingKind.DataExposure, Severity.Critical, "a secret or data the caller must not see appears in an answer", "stop the release; remove the field or the leak, rotate what leaked"),
        new(FindingKind.ServerError, Severity.High, "the target answered 5xx", "fix the crash; read the target's log at the request's time"),
        new(FindingKind.ContractViolation, Severity.High, "a success answer off its schema, media type or declared headers", "fix the API or the contract; clients break on it"),
        new(FindingKind.BrokenFlow, Severity.High, "a health, login or user flow does not work", "fix before going live"),
        new(FindingKind.BudgetExceeded, Severity.High, "a latency, error-rate, pool or canary budget exceeded", "do not promote; find the bottleneck or agree a new budget"),
        new(FindingKind.ReleaseMismatch, Severity.High, "what is deployed is not what was released", "redeploy the released artefact"),
        new(FindingKind.SupplyChain, Severity.High, "a known vulnerability or missing supply-chain evidence", "upgrade, or accept with an owner and an expiry"),
        new(FindingKind.Prerequisite, Severity.High, "a prerequisite of the release is missing", "provision it before the dependent gates run"),
        new(FindingKind.ObservabilityGap, Severity.Medium, "metrics, alert rules or request ids the operators rely on are missing or wrong", "fix before relying on the dashboards and alerts (high for alert rules: incidents would go unnoticed)"),
        new(FindingKind.MissingHardening, Severity.Medium, "a security header, CSP directive or cookie flag missing or weak", "fix in the next release, or accept with an expiry"),
        new(FindingKind.WrongRefusal, Severity.Medium, "refused, but with another status or without the expected header or shape", "align the status (clients rely on it); low risk"),
        new(FindingKind.DataLeftBehind, Severity.Medium, "data the suite created was not removed", "remove it (the evidence lists it) and fix the cleanup route"),
        new(FindingKind.ContractGap, Severity.Low, "a reasonable answer the contract does not declare", "document it in the contract"),
    ];

    public static FindingScaleRow For(FindingKind kind) => Rows.First(r => r.Kind == kind);

    /// <summary>The label of the scale in reports: "server error", "wrong refusal", …</summary>
    public static string Label(FindingKind kind) => kind switch
    {
        FindingKind.ServerError => "server error",
        FindingKind.WrongRefusal => "wrong refusal",
        FindingKind.ContractGap => "contract gap",
        FindingKind.ContractViolation => "contract violation",
        FindingKind.MissingHardening => "missing hardening",
        FindingKind.AccessControl => "access control",
        FindingKind.BrokenFlow => "broken flow",
        FindingKind.BudgetExceeded => "budget exceeded",
        FindingKind.DataLeftBehind => "data left behind",
        FindingKind.ReleaseMismatch => "release mismatch",
        FindingKind.SupplyChain => "supply chain",
        FindingKind.Prerequisite => "prerequisite",
        FindingKind.DataExposure => "data exposure",
        FindingKind.ObservabilityGap => "observability gap",
        _ => "accepted",
    };

    /// <summary>
    /// The kind of an answer to a request that must be refused with one of <paramref name="expected"/>: a success or a
    /// redirect means it was accepted, a 5xx is a server error, any other 4xx is a wrong refusal.
    /// </summary>
    public static FindingKind OfRefusal(int status) => status switch
    {
        >= 500 => FindingKind.ServerError,
        >= 400 => FindingKind.WrongRefusal,
        _ => FindingKind.Accepted,
    };

    /// <summary>Allure's severity label for a severity (blocker, critical, normal, minor).</summary>
    public static string AllureLabel(Severity severity) => severity switch
    {
        Severity.Critical => "blocker",
        Severity.High => "critical",
        Severity.Medium => "normal",
        _ => "minor",
    };
}
