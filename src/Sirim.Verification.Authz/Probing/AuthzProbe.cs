using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Probing;

/// <summary>What a probe tries to do to the resource.</summary>
public enum AuthzAction { Read, List, Create, Update, Delete }

/// <summary>
/// One request of the second identity that must be refused: which rule it belongs to (object level: a foreign
/// resource; function level: a write by a read-only identity), what it targets, and what came back. A probe that was
/// not sent says why (<see cref="SkipReason"/>).
/// </summary>
public sealed record AuthzProbe(
    string CheckId,
    string Operation,
    string Identity,
    AuthzAction Action,
    string Target,
    HttpExchange? Exchange,
    string? SkipReason = null,
    string? ResourceId = null)
{
    public bool Sent => Exchange is not null;
    public bool IsWrite => Action is AuthzAction.Create or AuthzAction.Update or AuthzAction.Delete;
}

/// <summary>
/// A resource the verification user created (or, in read-only mode, found) for the probes: its id, its state read by
/// the verification user before the probes and after them (null: not read back).
/// </summary>
public sealed record ProbedResource(string Label, string Id, int EmpresaId, HttpExchange Before, HttpExchange? After);

/// <summary>
/// Everything the probes produced: the probes, the resources read back, notes, the data probes (null: not sent) and the
/// account of the run's cleanup (null: none was run, as in read-only mode where nothing is written).
/// </summary>
public sealed record AuthzProbeRun(
    IReadOnlyList<AuthzProbe> Probes,
    IReadOnlyList<ProbedResource> Resources,
    IReadOnlyList<string> Notes,
    string? SetupProblem = null,
    HttpExchange? SetupExchange = null,
    DataProbeRun? Data = null,
    CleanupAccount? Cleanup = null);
