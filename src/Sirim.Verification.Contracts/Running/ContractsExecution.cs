using System.Text.Json.Nodes;
using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Contracts.Running;

/// <summary>
/// The contracts gate assembled from the run's settings: its options, the error shape, the committed contract, the
/// suite's credentials, then the run. The NUnit gate and the self-tests both start the gate through here, so what
/// the self-tests prove is what the suite does. Any problem before the first request is one message (<see cref="Problem"/>).
/// </summary>
public sealed record ContractsExecution(ContractsOptions? Options, ContractRun? Run, string? Problem, Uri? ApiBase = null)
{
    public static async Task<ContractsExecution> RunAsync(TargetOptions target, string repositoryRoot, ExchangeClient client, CancellationToken ct)
    {
        var (options, errors) = ContractsOptions.From(target, repositoryRoot);
        if (options is null) return new(null, null, "[contracts] configuration: " + string.Join("; ", errors));
        var (shape, shapeError) = await ErrorShape.LoadAsync(options.ErrorSchemaFile, options.ErrorMediaType, ct).ConfigureAwait(false);
        var committed = await ContractLoader.LoadAsync(options.ContractSource, repositoryRoot, client, ct).ConfigureAwait(false);
        if (shape is null || committed.Document is null)
            return new(options, null, "[contracts] " + string.Join("; ", new[] { committed.Error, shapeError }.OfType<string>()));
        var auth = await Authenticator.AuthenticateAsync(target, client, ct).ConfigureAwait(false);
        // Real values for the fields a login or user body needs (the suite's own account), never synthesised ones.
        var seed = new Dictionary<string, JsonNode>();
        // The usual names, and the fields the loginBody setting puts the credentials in (e.g. credentials.login/secret).
        var (userFields, passwordFields) = target.Auth.LoginBody.FieldNames();
        if (target.Auth.Username is { } user)
            foreach (var name in userFields.Concat(["email", "username"])) seed.TryAdd(name, user);
        if (target.Auth.Password is { } password)
            foreach (var name in passwordFields.Append("password")) seed.TryAdd(name, password);
        var gate = new ContractsGate(target.ApiBaseUrl, options, committed.Document, shape, client, auth);
        return new(options, await gate.RunAsync(seed, ct).ConfigureAwait(false), null, target.ApiBaseUrl);
    }

    /// <summary>
    /// <c>contract_drift</c>: the served document equals the committed one, semantically; breaking differences fail,
    /// compatible ones are listed in the evidence. A served document that cannot be read fails too, saying why.
    /// </summary>
    public CheckOutcome DriftOutcome()
    {
        var run = Run ?? throw new InvalidOperationException(Problem ?? "the contracts gate did not run");
        var subject = $"GET {Options!.ServedDocumentUrl.AbsolutePath}";
        var served = run.Served!;
        if (served.Document is null)
            return CheckOutcome.Fail(ContractsGate.Name, "contract_drift", subject, Severity.High, "the served OpenAPI document", served.Error ?? "no document",
                "The served document cannot be compared: check the openApiUrl setting (SIRIM_OPENAPI_URL) and that the deployment serves it.", served.Exchange);
        var breaking = run.Drift.Where(d => d.Breaking).ToList();
        return breaking.Count == 0
            ? CheckOutcome.Pass(ContractsGate.Name, "contract_drift", subject, Severity.High, served.Exchange)
            : CheckOutcome.Fail(ContractsGate.Name, "contract_drift", subject, Severity.High,
                "the served document equals the committed one (no breaking difference)",
                string.Join("; ", breaking.Select(b => $"{b.Where}: {b.What}")),
                "The deployment serves another contract than the committed one: deploy the right build or commit the new contract.",
                served.Exchange);
    }

    /// <summary>
    /// <c>test_data_cleaned_up</c>: every resource the run created was deleted and read back as gone, and the inventory
    /// of the collections it wrote to finds nothing of the run left (see <see cref="Core.Cleanup.CleanupAccount.Judge"/>).
    /// </summary>
    public CheckOutcome CleanupOutcome() => (Run ?? throw new InvalidOperationException(Problem ?? "the contracts gate did not run")).Cleanup.Judge();

    /// <summary>
    /// <c>target_stayed_up</c>: the target answered until the run's last request (cleanup included); when it went down
    /// mid-gate, the moment, the first failed exchange and the last good answer (see <see cref="TargetStayedUp"/>).
    /// </summary>
    public CheckOutcome AvailabilityOutcome() => (Run ?? throw new InvalidOperationException(Problem ?? "the contracts gate did not run")).Availability(ApiBase!);

    /// <summary>Every outcome of the run: each case's checks, then the drift, cleanup and availability checks.</summary>
    public IEnumerable<CheckOutcome> Outcomes() =>
        (Run ?? throw new InvalidOperationException(Problem ?? "the contracts gate did not run")).Cases.SelectMany(c => c.Outcomes)
            .Append(DriftOutcome()).Append(CleanupOutcome()).Append(AvailabilityOutcome());
}
