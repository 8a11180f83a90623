using Sirim.Verification.Authz;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Gates.Infrastructure;

namespace Sirim.Verification.Gates.Authz;

/// <summary>
/// The authorization gate: what a second, less privileged identity must not reach (OWASP API1 object level, API5
/// function level). Runs only when the second identity is configured (SIRIM_AUTHZ_USERNAME / SIRIM_AUTHZ_PASSWORD).
/// </summary>
[Gate(AuthzGate.Name), Description("Authorization: what one identity must not reach"), Order(4)]
public sealed class AuthzGateTests : GateTest
{
    [Test, Severity("critical")]
    [Description("a foreign empresa's resource and, for a read-only role, every write are refused")]
    public async Task Second_identity_is_refused_what_it_must_not_reach()
    {
        var options = RequireOptions(AuthzOptions.From(Suite.Options), "the authorization probes");
        Allure.Parameter("second identity", $"{options.Username} ({options.Role})");
        Allure.Parameter("foreign empresa", options.ForeignEmpresaId.ToString());

        using var client = Suite.NewClient();
        var result = await Allure.StepAsync($"probes as {options.Username} against empresa {options.ForeignEmpresaId} and {options.OwnEmpresaId}",
            () => new AuthzGate(Suite.Options, options, client, Suite.RepositoryRoot).RunAsync(CancellationToken.None));
        foreach (var probe in result.Probes.Probes.Where(p => p.Exchange is not null)) Attach(probe.Exchange!, $"{probe.Operation} ({probe.CheckId})");

        var file = Suite.Run.WriteMarkdown(AuthzGate.EvidenceFile, AuthorizationMatrixReport.Render(result, Suite.Run.Environment, Suite.Redactor));
        Allure.AttachText(AuthzGate.EvidenceFile, File.ReadAllText(file), "text/markdown", "md");
        Suite.Ledger.AddEvidence(AuthzGate.Name, file);
        foreach (var figure in AuthzGate.Figures(result)) Suite.Ledger.AddFigure(AuthzGate.Name, figure);
        foreach (var note in result.Probes.Notes.Concat(result.Probes.Data?.Notes ?? [])) TestContext.Progress.WriteLine(Suite.Redactor.Text("[authz] " + note));
        AssertOutcomes(result.Outcomes);
    }
}
