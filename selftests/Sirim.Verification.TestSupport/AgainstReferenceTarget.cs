using Sirim.ReferenceTarget.Hosting;

namespace Sirim.Verification.TestSupport;

/// <summary>
/// Base of the test classes that run a gate against the reference target: one deployment for the whole class (the
/// target restarts per seeded defect through <see cref="ReferenceFixture.UseDefectAsync"/>), stopped at the end, and the
/// target's warnings, errors and 5xx answers printed after each failed test. Each class says whether it may run
/// next to other fixtures: [NonParallelizable], or [Parallelizable(ParallelScope.Self)] when nothing it asserts
/// depends on wall-clock speed (every instance has its own cluster, free ports and temp folders).
/// </summary>
public abstract class AgainstReferenceTarget
{
    protected ReferenceFixture Reference { get; private set; } = null!;

    /// <summary>The reference target's convention profile this class runs against (null: the standard conventions).</summary>
    protected virtual ReferenceProfile? Profile => null;

    [OneTimeSetUp]
    public async Task StartReference() => Reference = await ReferenceFixture.StartAsync(profile: Profile);

    [OneTimeTearDown]
    public async Task StopReference()
    {
        if (Reference is not null) await Reference.DisposeAsync();
    }

    [TearDown]
    public void ShowTargetProblems() => Reference?.ShowTargetProblemsIfFailed();

    /// <summary>The arguments of each [TestCase] of one of this class's test methods (for "every defect has a case" tests).</summary>
    protected IReadOnlyList<object?[]> CaseArguments(string testMethod) =>
        GetType().GetMethod(testMethod)!.GetCustomAttributes(typeof(TestCaseAttribute), false).Cast<TestCaseAttribute>()
            .Select(c => c.Arguments).ToList();
}
