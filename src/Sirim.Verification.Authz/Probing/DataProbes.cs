using System.Text.Json.Nodes;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Probing;

/// <summary>A field only the server sets (an id, an owner, a timestamp, a role) and the value the probe slipped in for it.</summary>
public sealed record ServerField(string Name, JsonNode Injected, string Source);

/// <summary>
/// One mass-assignment probe: a create or an update by the verification user whose body carries server-controlled
/// fields (<see cref="Fields"/>), what came back, and the resource read back afterwards (null: not read back).
/// </summary>
public sealed record MassAssignmentProbe(string Operation, AuthzAction Action, IReadOnlyList<ServerField> Fields, HttpExchange Write, HttpExchange? ReadBack, string ItemPointer);

/// <summary>One empresa's list walked page by page by the verification user: every page's answer, and whether the walk reached the end.</summary>
public sealed record ListWalk(string Operation, int EmpresaId, IReadOnlyList<HttpExchange> Pages, bool ReachedEnd, int MaxPages);

/// <summary>
/// What the data probes produced: the mass-assignment probes (or why none was sent), the walked lists, and every JSON
/// answer the gate received (for the secret-field check) with the tokens the run's own logins returned (allowed back).
/// </summary>
public sealed record DataProbeRun(
    IReadOnlyList<MassAssignmentProbe> MassAssignment,
    string? MassAssignmentSkip,
    IReadOnlyList<ListWalk> Lists,
    IReadOnlyList<HttpExchange> Answers,
    IReadOnlyList<string> OwnTokens,
    IReadOnlyList<string> Notes);
