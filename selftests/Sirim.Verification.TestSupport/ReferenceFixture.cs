using System.Text.RegularExpressions;
using NUnit.Framework.Interfaces;
using Sirim.ReferenceTarget.Hosting;

namespace Sirim.Verification.TestSupport;

/// <summary>
/// A reference deployment shared by the tests of one fixture: PostgreSQL starts once, and the target switches to each
/// seeded defect while it runs (it restarts only for a defect its start-up wiring reads, another HTTPS setting or extra
/// target settings). Dispose at the end of the fixture.
/// </summary>
public sealed partial class ReferenceFixture : IAsyncDisposable
{
    private ReferenceFixture(ReferenceDeployment deployment) => Deployment = deployment;

    public ReferenceDeployment Deployment { get; }
    public string? ActiveDefect { get; private set; }
    public bool Https { get; private set; }

    /// <summary>
    /// Starts PostgreSQL and the target in <paramref name="profile"/> (null: the standard conventions), clean or with
    /// <paramref name="defect"/> switched on (a fixture whose first test needs a defect saves a restart).
    /// </summary>
    public static async Task<ReferenceFixture> StartAsync(CancellationToken ct = default, ReferenceProfile? profile = null, string? defect = null)
    {
        var deployment = await ReferenceDeployment.StartDatabaseAsync(null, null, ct, profile);
        var fixture = new ReferenceFixture(deployment);
        try
        {
            await fixture.UseDefectAsync(defect, ct: ct);
            return fixture;
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The target with <paramref name="defect"/> switched on (null: clean), switched in place or restarted (see the
    /// class; a target whose process has ended is started again). No-op when already so.
    /// </summary>
    public async Task UseDefectAsync(string? defect, bool https = false, IReadOnlyDictionary<string, string>? extra = null, CancellationToken ct = default)
    {
        if (Deployment.Target is { HasExited: false } && ActiveDefect == defect && Https == https && extra is null) return;
        await Deployment.UseDefectAsync(defect, https, extra, ct);
        ActiveDefect = extra is null ? defect : "(custom)";
        Https = https;
    }

    public IReadOnlyDictionary<string, string> Environment => Deployment.SuiteEnvironment();

    /// <summary>
    /// After a failed test (AgainstReferenceTarget calls it from its [TearDown]), writes what the reference target logged that matters (warnings, errors
    /// with their exception lines, requests answered 5xx) to the test output, so a server-side cause shows in the
    /// self-test log. The target logs no secrets (route templates only, no bodies or headers).
    /// </summary>
    public void ShowTargetProblemsIfFailed()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed || Deployment.Target is not { } target) return;
        var problems = target.Log.Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => l.Length > 0 && (!char.IsDigit(l[0]) || ProblemLine().IsMatch(l))).TakeLast(60).ToList();
        var text = problems.Count == 0
            ? $"reference target (defect {ActiveDefect ?? "none"}): no warning, error or 5xx in its log"
            : $"reference target (defect {ActiveDefect ?? "none"}): warnings, errors and 5xx answers from its log (last {problems.Count}):\n  " + string.Join("\n  ", problems);
        TestContext.Out.WriteLine(text);
        // scripts/self-test.sh sets this folder and repeats the file under its list of failed tests.
        if (SelfTestResults.Directory is { } dir)
            lock (ProblemsLogLock) File.AppendAllText(Path.Combine(dir, "target-problems.log"), $"{TestContext.CurrentContext.Test.FullName}\n  {text}\n");
    }

    /// <summary>Fixtures that run in parallel append to the same file: one writer at a time.</summary>
    private static readonly Lock ProblemsLogLock = new();

    [GeneratedRegex(@" (?:warn|fail|crit): |^\S+ info: \S+ http \S+ \S+ 5\d\d ")]
    private static partial Regex ProblemLine();

    public ValueTask DisposeAsync() => Deployment.DisposeAsync();
}
