using Sirim.Verification.Core;
using Sirim.Verification.Core.Allure;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Core.Findings;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Gates.Infrastructure;

/// <summary>
/// Everything a gate test needs about this run, built once by <see cref="SuiteSetup"/> before any test: the validated
/// options (or the configuration errors), the evidence folder, the Allure writer, the preflight verdict and the ledger.
/// Immutable after construction except the ledger, which only accumulates.
/// </summary>
public sealed class SuiteContext
{
    public SuiteContext(LoadedOptions loaded, EvidenceRun run, string repositoryRoot, string? preflightProblem)
    {
        Loaded = loaded;
        Run = run;
        RepositoryRoot = repositoryRoot;
        PreflightProblem = preflightProblem;
        Allure = new AllureWriter(run.AllureResultsDirectory, run.Redactor, run.Warn);
        Findings = loaded.Options is { } options
            ? new FindingPolicy(options.Blocking, GateSettingsValidators.AcceptedDeviations(options, repositoryRoot).Entries, DateOnly.FromDateTime(DateTime.UtcNow))
            : FindingPolicy.Strict;
    }

    /// <summary>Which findings block (blockingSeverities) and which are accepted deviations (acceptedDeviationsFile).</summary>
    public FindingPolicy Findings { get; }

    public LoadedOptions Loaded { get; }
    public TargetOptions Options => Loaded.Options ?? throw new InvalidOperationException(Loaded.ErrorReport);
    public EvidenceRun Run { get; }
    public string RepositoryRoot { get; }
    public AllureWriter Allure { get; }
    public Redactor Redactor => Run.Redactor;
    public GateLedger Ledger { get; } = new();

    /// <summary>The run's time bound, armed once the configuration is known good; null before (or without options).</summary>
    public RunWatchdog? Watchdog { get; internal set; }

    /// <summary>Why no gate can run (invalid configuration or unreachable target); null when the run can proceed.</summary>
    public string? PreflightProblem { get; }

    public ExchangeClient NewClient() => new(Options.RequestTimeout, Options.TlsSkipVerify);

    public string ResolvePath(string path) => Path.IsPathRooted(path) ? path : Path.Combine(RepositoryRoot, path);

    /// <summary>Set once by <see cref="SuiteSetup"/>; NUnit gives fixtures no other way to reach assembly-wide state.</summary>
    public static SuiteContext Current => _current ?? throw new InvalidOperationException("the suite setup did not run");
    private static SuiteContext? _current;
    internal static void Initialize(SuiteContext context) => _current ??= context;
}
