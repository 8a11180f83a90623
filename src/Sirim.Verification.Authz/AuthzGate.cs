using Sirim.Verification.Authz.Checks;
using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Cleanup;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz;

/// <summary>Everything one authorization run produced: the probes and the verdict of every check on them.</summary>
public sealed record AuthzResult(AuthzOptions Options, AuthzProbeRun Probes, IReadOnlyList<CheckOutcome> Outcomes)
{
    /// <summary>The foreign (object level) probes that were sent, and how many of them were refused.</summary>
    public (int Refused, int Sent) Foreign => Count(AuthzChecks.ForeignRead, AuthzChecks.ForeignList, AuthzChecks.ForeignWrite);

    /// <summary>The read-only identity's write probes (function level) that were sent, and how many were refused.</summary>
    public (int Refused, int Sent) ReadOnlyWrites => Count(AuthzChecks.ReadOnlyWrite);

    internal (int Passed, int Sent) Count(params string[] ids)
    {
        var sent = Outcomes.Where(o => ids.Contains(o.CheckId) && o.Status != CheckStatus.NotApplicable).ToList();
        return (sent.Count(o => o.Status == CheckStatus.Passed), sent.Count);
    }

    /// <summary>
    /// How many of the probes of these checks were refused at all: those that passed, and those that failed with a 4xx (a
    /// refusal with a status the contract does not declare is still a refusal, not an access).
    /// </summary>
    public int RefusedAtAll(params string[] ids) =>
        Outcomes.Count(o => ids.Contains(o.CheckId) && (o.Status == CheckStatus.Passed || o.Failed && o.Exchange?.Status is >= 400 and < 500));
}

/// <summary>
/// The authorization gate: what one identity must not reach. The verification user creates a resource in an empresa
/// the second identity is not mapped to; the second identity tries to read, list, update and delete it (object level,
/// OWASP API1) and, when it is read-only, to create, update and delete in an empresa it sees (function level, OWASP
/// API5); every attempt must be refused and the resources read back unchanged. The data checks: server-controlled
/// fields in a create or update are ignored or refused (API3 mass assignment), no answer carries a secret-looking field
/// (API3 excessive data exposure), and an empresa's list holds only that empresa's items, page after page, adding up to
/// its total (API1 on lists). Everything a write of the run created (also a write that was wrongly accepted) is removed
/// by the one cleanup of the run and accounted for as <c>test_data_cleaned_up</c>.
/// </summary>
public sealed class AuthzGate(TargetOptions target, AuthzOptions options, ExchangeClient client, string repositoryRoot)
{
    public const string Name = AuthzChecks.Gate;
    public const string EvidenceFile = "authorization_matrix.md";

    public async Task<AuthzResult> RunAsync(CancellationToken ct)
    {
        // The committed contract says which refusal statuses each operation declares; unreadable, refusals are judged
        // against 401, 403 and 404 alone (the contracts gate reports the document itself).
        var contract = await ContractLoader.LoadAsync(target.ContractSource, repositoryRoot, client, ct).ConfigureAwait(false);
        var cleanup = new AuthzCleanup(target, options, client);
        AuthzProbeRun run;
        if (options.SuiteReadOnly)
            run = await ProbeAsync(cleanup, contract.Document, ct).ConfigureAwait(false);
        else
        {
            // The verification user owns what the run creates: it lists the empresas before the first write, and removes
            // and reads back everything the ledger holds afterwards, also after a failure or a cancellation.
            var owner = await Authenticator.AuthenticateAsync(target, client, ct).ConfigureAwait(false);
            var before = owner.Succeeded ? await cleanup.InventoryAsync(owner, ct).ConfigureAwait(false) : null;
            CleanupAccount account;
            try
            {
                run = await ProbeAsync(cleanup, contract.Document, ct).ConfigureAwait(false);
            }
            finally
            {
                using var bound = new CancellationTokenSource(CleanupTimeout);
                account = await cleanup.CleanUpAsync(owner, before, bound.Token).ConfigureAwait(false);
            }
            run = run with { Cleanup = account };
        }
        if (contract.Document is null)
            run = run with { Notes = [.. run.Notes, $"contract not read ({contract.Error}): refusals are judged against 401, 403 and 404 only."] };
        return Judge(options, run, contract.Document is { } document ? DeclaredStatuses.From(document.Operations) : null);
    }

    /// <summary>The cleanup's own bound (its runner has a 60 s deadline; the inventory after it a few pages).</summary>
    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromMinutes(3);

    private async Task<AuthzProbeRun> ProbeAsync(AuthzCleanup cleanup, ContractDocument? contract, CancellationToken ct)
    {
        var run = await new AuthzProber(target, options, client, cleanup).RunAsync(ct).ConfigureAwait(false);
        if (run.SetupProblem is null)
            run = run with { Data = await new DataProber(target, options, client, contract, cleanup).RunAsync(run, ct).ConfigureAwait(false) };
        return run;
    }

    /// <summary>
    /// <c>test_data_cleaned_up</c>: the account of the run's cleanup; not applicable in read-only mode (nothing is written)
    /// or when no cleanup was run (a run judged from probes alone).
    /// </summary>
    private static CheckOutcome CleanedUp(AuthzOptions options, AuthzProbeRun run) => run.Cleanup is { } account
        ? account.Judge()
        : CheckOutcome.NotApplicable(Name, AuthzChecks.CleanedUp, $"data created by run {options.RunId}",
            options.SuiteReadOnly ? ReadOnlyNothingCreated : "no cleanup was run");

    public const string ReadOnlyNothingCreated = "readOnly=true: no mutating request is sent, so the run created nothing to clean up";

    /// <summary>The pure half: judges the probes (unit-testable without any target).</summary>
    public static AuthzResult Judge(AuthzOptions options, AuthzProbeRun run, DeclaredStatuses? declared = null)
    {
        if (run.SetupProblem is { } problem)
            return new AuthzResult(options, run, [CheckOutcome.Fail(Name, AuthzChecks.Setup, "preparing the authorization probes", Severity.High,
                "both identities log in and the verification user creates the probed resources", problem,
                "check the second identity's credentials and that authzForeignEmpresaId / authzOwnEmpresaId name empresas the verification user sees",
                run.SetupExchange), .. run.Cleanup is { } account ? [account.Judge()] : Array.Empty<CheckOutcome>()]);
        var list = new ForeignListRefused(options.Routes.IdPointer);
        var outcomes = new List<CheckOutcome>();
        foreach (var probe in run.Probes)
            outcomes.Add(probe.CheckId switch
            {
                AuthzChecks.ForeignList => list.Evaluate(probe, declared),
                AuthzChecks.ForeignRead => ProbeRefused.ForeignRead.Evaluate(probe, declared),
                AuthzChecks.ForeignWrite => ProbeRefused.ForeignWrite.Evaluate(probe, declared),
                _ => ProbeRefused.ReadOnlyWrite.Evaluate(probe, declared),
            });
        if (!options.IdentityReadOnly)
            outcomes.Add(CheckOutcome.NotApplicable(Name, AuthzChecks.ReadOnlyWrite, $"writes as {options.Username} ({options.Role})",
                "authzReadOnly=false: the second identity may write"));
        var unchanged = new ResourceUnchanged();
        outcomes.AddRange(run.Resources.Select(r => unchanged.Evaluate(r, run.Probes)));
        if (run.Resources.Count == 0)
            outcomes.Add(CheckOutcome.NotApplicable(Name, AuthzChecks.ResourceUnchanged, "resources read back", "no resource was probed"));
        outcomes.AddRange(JudgeData(options, run.Data));
        outcomes.Add(CleanedUp(options, run));
        return new AuthzResult(options, run, outcomes);
    }

    /// <summary>The data checks (mass assignment, secret fields, list semantics); not applicable, with the reason, when not probed.</summary>
    private static IEnumerable<CheckOutcome> JudgeData(AuthzOptions options, DataProbeRun? data)
    {
        if (data is null)
        {
            foreach (var id in new[] { AuthzChecks.MassAssignment, AuthzChecks.NoSecretFields, AuthzChecks.ListFilter, AuthzChecks.ListPages })
                yield return CheckOutcome.NotApplicable(Name, id, "data probes", "the data probes were not sent");
            yield break;
        }
        var d = options.DataChecks;
        var mass = new MassAssignmentIgnored();
        foreach (var probe in data.MassAssignment) yield return mass.Evaluate(probe);
        if (data.MassAssignment.Count == 0)
            yield return CheckOutcome.NotApplicable(Name, AuthzChecks.MassAssignment, $"create and update of {options.Routes.CollectionPath} with server-controlled fields",
                data.MassAssignmentSkip ?? "no server-controlled field to send: the contract marks none readOnly and authzServerFields names none the body does not carry");
        var filter = new ListFilterRespected(d.ListFilterPointer, options.Routes.IdPointer);
        var pages = new ListPagesAddUp(options.Routes.IdPointer, d.ListTotalPointer);
        foreach (var walk in data.Lists)
        {
            yield return filter.Evaluate(walk);
            yield return pages.Evaluate(walk);
        }
        foreach (var outcome in new SecretFieldsExposed(d.SecretFieldNames, data.OwnTokens).Evaluate(data.Answers)) yield return outcome;
    }

    /// <summary>The go/no-go row: FAIL when any check failed, PASS otherwise; the figures say how many accesses were refused.</summary>
    public static GateSummary Summary(AuthzResult r, IReadOnlyList<string> evidenceFiles)
    {
        var figures = Figures(r);
        var failures = r.Outcomes.Where(o => o.Failed).Select(o => FailureRenderer.Render(o, Redactor.None)).ToList();
        return new GateSummary(Name, failures.Count > 0 ? GateStatus.Fail : GateStatus.Pass, r.Outcomes.Count(o => o.Status == CheckStatus.Passed),
            failures.Count, r.Outcomes.Count(o => o.Status == CheckStatus.NotApplicable), figures, evidenceFiles, failures);
    }

    public static IReadOnlyList<KeyFigure> Figures(AuthzResult r)
    {
        var (foreignRefused, foreignSent) = r.Foreign;
        var foreignAtAll = r.RefusedAtAll(AuthzChecks.ForeignRead, AuthzChecks.ForeignList, AuthzChecks.ForeignWrite);
        var figures = new List<KeyFigure> { new("foreign accesses refused", Refused(foreignAtAll, foreignRefused, foreignSent), "all", foreignSent == 0 ? null : foreignRefused == foreignSent) };
        if (r.Options.IdentityReadOnly)
        {
            var (writesRefused, writesSent) = r.ReadOnlyWrites;
            var writesAtAll = r.RefusedAtAll(AuthzChecks.ReadOnlyWrite);
            figures.Add(new("read-only writes refused", Refused(writesAtAll, writesRefused, writesSent), "all", writesSent == 0 ? null : writesRefused == writesSent));
        }
        if (r.Probes.Data is { } data)
        {
            var (massPassed, massSent) = r.Count(AuthzChecks.MassAssignment);
            if (massSent > 0) figures.Add(new("server-controlled fields ignored", $"{massPassed}/{massSent}", "all", massPassed == massSent));
            var secrets = r.Outcomes.Count(o => o.CheckId == AuthzChecks.NoSecretFields && o.Failed);
            figures.Add(new("answers exposing secrets", $"{secrets}", "0", secrets == 0));
            var (listsPassed, listsJudged) = r.Count(AuthzChecks.ListFilter, AuthzChecks.ListPages);
            if (listsJudged > 0) figures.Add(new("list checks passed", $"{listsPassed}/{listsJudged}", "all", listsPassed == listsJudged));
        }
        return figures;
    }

    /// <summary>"4/4 (3/4 with a status the contract declares)": a refusal with another status still counts as refused.</summary>
    private static string Refused(int atAll, int exact, int sent) =>
        $"{atAll}/{sent}" + (atAll == exact ? "" : $" ({exact}/{sent} with a status the contract declares)");
}
