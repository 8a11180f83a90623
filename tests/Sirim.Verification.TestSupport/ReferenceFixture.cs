using Sirim.ReferenceTarget.Hosting;

namespace Sirim.Verification.TestSupport;

/// <summary>
/// A reference deployment shared by the tests of one fixture: PostgreSQL starts once, the target restarts with each
/// seeded defect. Dispose at the end of the fixture.
/// </summary>
public sealed class ReferenceFixture : IAsyncDisposable
{
    private ReferenceFixture(ReferenceDeployment deployment) => Deployment = deployment;

    public ReferenceDeployment Deployment { get; }
    public string? ActiveDefect { get; private set; }
    public bool Https { get; private set; }

    public static async Task<ReferenceFixture> StartAsync(CancellationToken ct = default)
    {
        var deployment = await ReferenceDeployment.StartDatabaseAsync(null, null, ct);
        var fixture = new ReferenceFixture(deployment);
        try
        {
            await fixture.UseDefectAsync(null, ct: ct);
            return fixture;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Restarts the target with <paramref name="defect"/> switched on (null: clean). No-op when already so.</summary>
    public async Task UseDefectAsync(string? defect, bool https = false, IReadOnlyDictionary<string, string>? extra = null, CancellationToken ct = default)
    {
        if (Deployment.Target is not null && ActiveDefect == defect && Https == https && extra is null) return;
        await Deployment.StartTargetAsync(defect, https, extra, ct);
        ActiveDefect = extra is null ? defect : "(custom)";
        Https = https;
    }

    public IReadOnlyDictionary<string, string> Environment => Deployment.SuiteEnvironment();

    public ValueTask DisposeAsync() => Deployment.DisposeAsync();
}
