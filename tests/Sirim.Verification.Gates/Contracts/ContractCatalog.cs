using Sirim.Verification.Contracts.Document;
using Sirim.Verification.Contracts.Running;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Gates.Contracts;

/// <summary>
/// Test discovery from the committed contract: one NUnit test per operation × case, named and grouped by tag and
/// route, read from the same file the run uses (contractFile). Discovery reads the file only; nothing is sent.
/// </summary>
public static class ContractCatalog
{
    public static IEnumerable<TestCaseData> Cases()
    {
        var root = RepositoryRoot.TryFind() ?? Directory.GetCurrentDirectory();
        var source = SettingsSource.FromProcess(key => TestContext.Parameters.Get(key)).Get(SettingsCatalog.ContractFile) ?? "contracts/openapi.json";
        if (Uri.TryCreate(source, UriKind.Absolute, out var u) && u.Scheme.StartsWith("http", StringComparison.Ordinal))
        {
            yield return new TestCaseData("(contract served at " + source + ")", "*", "*").SetName("contract from URL: cases listed in the report");
            yield break;
        }
        var path = Path.IsPathRooted(source) ? source : Path.Combine(root, source);
        var operations = File.Exists(path) ? ContractLoader.ReadOperations(File.ReadAllText(path)) : [];
        if (operations.Count == 0)
        {
            yield return new TestCaseData("(contract unreadable)", "*", "*").SetName("contract readable");
            yield break;
        }
        // Every applicable cell (exclusions and read-only mode are applied at run time and reported as skipped).
        var document = new ContractDocument(path, "", "", "", operations, [], ResponseSchemas.Empty, new Microsoft.OpenApi.OpenApiDocument());
        var options = new ContractsOptions(path, new Uri("http://127.0.0.1/"), "", "", [], 1, 1, false, "");
        foreach (var cell in CasePlanner.Plan(document, options).Where(c => c.NotSentState != CaseState.NotApplicable))
            yield return new TestCaseData(cell.Operation.Tag, cell.Operation.Key, cell.Kind.Id())
                .SetName($"{cell.Operation.Tag} | {cell.Operation.Key} | {cell.Kind.Id()}");
        yield return new TestCaseData("(routing)", ContractsGate.UnknownRouteOperation, ContractsGate.UnknownRouteCase)
            .SetName($"(routing) | {ContractsGate.UnknownRouteOperation} | {ContractsGate.UnknownRouteCase}");
    }
}
