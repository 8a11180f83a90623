using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.E2E.Flows;

/// <summary>
/// One user journey through the real frontend against the real API. Its steps are code; its description (what it does,
/// what it asserts, what it leaves behind) is <c>scenarios/e2e/&lt;Id&gt;.md</c>.
/// </summary>
public interface IFlow
{
    /// <summary>Stable snake_case id: names the scenario file, the trace and the Allure test.</summary>
    string Id { get; }

    string Title { get; }

    /// <summary>True when the flow writes data (skipped in read-only mode).</summary>
    bool Mutates { get; }

    /// <summary>Runs the steps; returns the outcomes of the flow's own checks. Throwing means a step could not complete.</summary>
    Task<IReadOnlyList<CheckOutcome>> RunAsync(FlowContext context);
}

/// <summary>How a flow reports progress to the test framework (Allure steps and screenshots), without depending on it.</summary>
public interface IFlowReporter
{
    Task StepAsync(string name, Func<Task> body);
    void Screenshot(string name, byte[] png);
}

/// <summary>A reporter that records nothing (library use, benchmarks).</summary>
public sealed class NullFlowReporter : IFlowReporter
{
    public Task StepAsync(string name, Func<Task> body) => body();
    public void Screenshot(string name, byte[] png) { }
}
