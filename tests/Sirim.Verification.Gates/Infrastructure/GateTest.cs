using NUnit.Framework.Interfaces;
using Sirim.Verification.Core.Allure;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;
using Sirim.Verification.PreGates;

namespace Sirim.Verification.Gates.Infrastructure;

/// <summary>
/// Base of every gate fixture: fails fast when the run cannot proceed (invalid configuration, unreachable target),
/// records each test as an Allure result (labels, parameters, steps, attachments) and in the gate ledger.
/// </summary>
public abstract class GateTest
{
    private AllureTestCase? _allure;

    protected static SuiteContext Suite => SuiteContext.Current;

    protected string GateName => GetType().GetCustomAttributes(typeof(GateAttribute), true).OfType<GateAttribute>().FirstOrDefault()?.Gate
        ?? throw new InvalidOperationException($"{GetType().Name} has no [Gate] attribute");

    /// <summary>Set by a test that passed only on a retry: Allure shows it as flaky instead of hiding the first failure.</summary>
    protected bool Flaky { get; set; }

    /// <summary>The running test's Allure record: add steps, parameters and attachments to it.</summary>
    protected AllureTestCase Allure => _allure ?? throw new InvalidOperationException("no test is running");

    /// <summary>
    /// The gate's options from its <see cref="OptionsResult{T}"/>, or the test stops: ignored (NOT RUN) with the reason the
    /// factory gave, or failed naming every configuration error (redacted). The suite setup validates every gate's options
    /// before the first request, so a failure here means a gate's factory and its validator disagree.
    /// </summary>
    protected T RequireOptions<T>(OptionsResult<T> loaded, string what) where T : class
    {
        if (loaded.NotRunReason is { } notRun) Assert.Ignore(notRun);
        if (loaded.Options is { } options) return options;
        Assert.Fail($"[{GateName}] configuration: {what} cannot start; nothing was sent.\n  - " + string.Join("\n  - ", loaded.Errors.Select(Suite.Redactor.Text)));
        throw new InvalidOperationException("unreachable: Assert.Fail throws");
    }

    /// <summary>Runs before the gate's own one-time setup (NUnit runs a base class's first): the watchdog knows what runs.</summary>
    [OneTimeSetUp]
    public void MarkGateStarted() => Suite.Ledger.MarkStarted(GateName);

    /// <summary>Runs after the gate's own one-time teardown (its evidence is written).</summary>
    [OneTimeTearDown]
    public void MarkGateEnded() => Suite.Ledger.MarkEnded(GateName);

    [SetUp]
    public void StartAllureResult()
    {
        var test = TestContext.CurrentContext.Test;
        _allure = new AllureTestCase(Suite.Allure, test.Name, test.FullName);
        Flaky = false;
        _allure.Label("epic", GateName);
        _allure.Label("parentSuite", "SIRIM verification");
        _allure.Label("suite", GateName);
        _allure.Label("subSuite", GetType().Name);
        _allure.Label("feature", Description(TestContext.CurrentContext.Test.ClassName) ?? GetType().Name);
        _allure.Label("story", test.Properties.Get("Description") as string ?? test.MethodName ?? test.Name);
        _allure.Label("severity", test.Properties.Get("severity") as string ?? "normal");
        _allure.Label("framework", "nunit");
        _allure.Label("language", "csharp");
        _allure.Label("host", Environment.MachineName);
        foreach (var category in test.Properties["Category"].OfType<string>()) _allure.Label("tag", category);
        var argumentNames = TestContext.CurrentContext.Test.Method?.GetParameters().Select(p => p.ParameterInfo.Name).ToArray() ?? [];
        var arguments = test.Arguments;
        for (var i = 0; i < arguments.Length; i++)
            _allure.Parameter(i < argumentNames.Length ? argumentNames[i] ?? $"arg{i}" : $"arg{i}", arguments[i]?.ToString() ?? "null");

        if (Suite.PreflightProblem is { } problem) Assert.Fail(problem);
        // Load gates wait while a required secret is missing (secrets pre-gate): their figures would describe a half-provisioned deployment.
        if (Suite.Loaded.Options is { } options && SecretsPreGate.HoldBackReason(GateName, options, Environment.GetEnvironmentVariable) is { } heldBack)
            Assert.Ignore(heldBack);
    }

    [TearDown]
    public void FinishAllureResult()
    {
        if (_allure is null) return;
        var result = TestContext.CurrentContext.Result;
        var status = result.Outcome.Status switch
        {
            TestStatus.Passed => AllureStatus.Passed,
            TestStatus.Skipped or TestStatus.Inconclusive => AllureStatus.Skipped,
            TestStatus.Failed when result.Outcome.Label == "Error" => AllureStatus.Broken,
            TestStatus.Failed => AllureStatus.Failed,
            _ => AllureStatus.Broken,
        };
        var message = string.IsNullOrWhiteSpace(result.Message) ? null : result.Message;
        Suite.Allure.WriteResult(_allure.Finish(status, message, result.StackTrace, flaky: Flaky));
        Suite.Ledger.RecordTest(GateName, status, TestContext.CurrentContext.Test.Name, message);
        _allure = null;
    }

    /// <summary>
    /// Records every outcome as an Allure step and fails the test with all failures rendered in the standard shape
    /// (check id, subject, expected, actual, hint, exchange, curl line).
    /// </summary>
    protected void AssertOutcomes(IEnumerable<CheckOutcome> outcomes)
    {
        var list = outcomes.ToList();
        // Each failure becomes a finding: its kind and severity, and whether it blocks (blockingSeverities, accepted deviations).
        var judged = list.Where(o => o.Failed).Select(o => (Outcome: o, Finding: Suite.Findings.Judge(o, Suite.Redactor.Text))).ToList();
        Suite.Ledger.AddFindings(GateName, TestContext.CurrentContext.Test.Name, judged.Select(j => j.Finding));
        foreach (var o in list)
        {
            var finding = judged.FirstOrDefault(j => ReferenceEquals(j.Outcome, o)).Finding;
            Allure.Step($"{o.CheckId}: {o.Subject}" + (finding is null ? "" : $"   [{FindingScale.Label(finding.Kind)}, {finding.Severity.ToString().ToLowerInvariant()}{(finding.Blocks ? "" : ", not blocking")}]"), o.Status switch
            {
                CheckStatus.Passed => AllureStatus.Passed,
                CheckStatus.Failed when finding is { Blocks: false } => AllureStatus.Skipped,
                CheckStatus.Failed => AllureStatus.Failed,
                _ => AllureStatus.Skipped,
            }, o.Failed ? FailureRenderer.Render(o, Suite.Redactor) + (finding?.Deviation is { } d ? d + "\n" : "") : o.Actual);
        }
        if (judged.Count > 0)
        {
            var worst = judged.Where(j => j.Finding.Blocks).Select(j => j.Finding.Severity).DefaultIfEmpty(judged.Max(j => j.Finding.Severity)).Max();
            Allure.SetLabel("severity", FindingScale.AllureLabel(worst));
        }
        var blocking = judged.Where(j => j.Finding.Blocks)
            .Select(j => j.Finding.Deviation is { } d ? j.Outcome with { Hint = (j.Outcome.Hint is null ? "" : j.Outcome.Hint + "\n          ") + d } : j.Outcome).ToList();
        var shown = judged.Where(j => !j.Finding.Blocks).ToList();
        var message = FailureRenderer.RenderAll(blocking, Suite.Redactor);
        if (message.Length > 0)
            Assert.Fail(message + (shown.Count == 0 ? "" : $"\n(and {NotBlocking(shown.Select(j => j.Finding))})"));
        if (shown.Count > 0)
            TestContext.Out.WriteLine($"[{GateName}] passed with {NotBlocking(shown.Select(j => j.Finding))}:\n" +
                string.Join("\n", shown.Select(j => "  - " + j.Finding.Summary + (j.Finding.Deviation is { } d ? " — " + d : ""))));
    }

    /// <summary>"2 low findings, 1 accepted deviation": what a gate that passed still found.</summary>
    private static string NotBlocking(IEnumerable<Core.Findings.Finding> findings) =>
        string.Join(", ", findings.GroupBy(f => f.Disposition == Core.Findings.FindingDisposition.AcceptedDeviation ? "accepted deviation" : f.Severity.ToString().ToLowerInvariant() + " finding")
            .Select(g => $"{g.Count()} {g.Key}{(g.Count() == 1 ? "" : "s")}"));

    protected void Attach(HttpExchange exchange, string? name = null) => Allure.AttachExchange(exchange, name);

    private static string? Description(string? className)
    {
        var type = className is null ? null : Type.GetType(className) ?? typeof(GateTest).Assembly.GetType(className);
        return type?.GetCustomAttributes(typeof(DescriptionAttribute), true).OfType<DescriptionAttribute>().FirstOrDefault()
            ?.Properties.Get("Description") as string;
    }
}
