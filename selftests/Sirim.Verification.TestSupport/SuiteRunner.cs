using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Sirim.ReferenceTarget.Hosting;
using Sirim.Verification.Core;

namespace Sirim.Verification.TestSupport;

/// <summary>One Allure result as written by the suite (the fields the self-tests assert on).</summary>
public sealed record SuiteTestResult(string Name, string FullName, string Status, string? Message, IReadOnlyList<string> Labels, int AttachmentCount);

/// <summary>What a run of the gates project produced: exit code, console output and everything it wrote.</summary>
public sealed record SuiteRunResult(int ExitCode, string Output, string RunDirectory, IReadOnlyList<SuiteTestResult> Results, TimeSpan Elapsed)
{
    public string GoNoGo => ReadEvidenceIfWritten("go_no_go.md");

    public IEnumerable<SuiteTestResult> Failed => Results.Where(r => r.Status is "failed" or "broken");

    public string ReadEvidence(string fileName) => File.ReadAllText(Path.Combine(RunDirectory, fileName));

    /// <summary>The evidence file's text, or "" when the run did not write it (so an assertion shows what is missing).</summary>
    public string ReadEvidenceIfWritten(string fileName) =>
        File.Exists(Path.Combine(RunDirectory, fileName)) ? ReadEvidence(fileName) : "";

    /// <summary>A readable dump for assertion messages.</summary>
    public string Describe() => $"exit {ExitCode}; results:\n" +
        string.Join("\n", Results.Select(r => $"  {r.Status,-7} {r.FullName}{(r.Message is null ? "" : "\n          " + r.Message.Split('\n')[0])}"));
}

/// <summary>
/// Runs the real suite (the built Sirim.Verification.Gates.dll under <c>dotnet test</c>) as a child process with the
/// given settings in its environment, into a fresh reports folder, and reads back its Allure results.
/// </summary>
public static class SuiteRunner
{
    /// <summary>The gates dll (see <see cref="BuiltDll"/>).</summary>
    public static string GatesDll(string root) => BuiltDll(Path.Combine(root, "tests", "Sirim.Verification.Gates"), "Sirim.Verification.Gates.dll");

    /// <summary>
    /// The dll <paramref name="fileName"/> of the project in <paramref name="projectFolder"/>, built in the self-tests'
    /// own configuration (Release under scripts/self-test.sh), never a stale build of another configuration.
    /// </summary>
    public static string BuiltDll(string projectFolder, string fileName)
    {
        var configuration = typeof(SuiteRunner).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var bin = Path.Combine(projectFolder, "bin", configuration);
        return (Directory.Exists(bin)
                   ? Directory.EnumerateFiles(bin, fileName, SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
                   : null)
               ?? throw new InvalidOperationException($"{Path.GetFileName(projectFolder)} is not built (no {fileName} under {bin}); build Sirim.Verification.SelfTests.sln -c {configuration} first");
    }

    public static async Task<SuiteRunResult> RunAsync(IReadOnlyDictionary<string, string> environment, string filter,
        TimeSpan timeout, string? runSettings = "runsettings/reference.runsettings", CancellationToken ct = default, bool junit = false, bool trx = false)
    {
        var root = RepositoryRoot.Find();
        // Under scripts/self-test.sh the child runs' reports go next to the TRX results (kept when a test fails, removed
        // by the script when all pass); a plain dotnet test puts them in the temp folder.
        var parent = SelfTestResults.Directory is { } results ? Path.Combine(results, "suite-runs") : Path.GetTempPath();
        var reports = Path.Combine(parent, "sirim-selftest-reports-" + Guid.NewGuid().ToString("N")[..8]);
        var runId = "selftest-" + Guid.NewGuid().ToString("N")[..8];
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root };
        psi.ArgumentList.Add("test");
        psi.ArgumentList.Add(GatesDll(root));
        psi.ArgumentList.Add("--filter");
        psi.ArgumentList.Add(filter);
        var environmentName = environment.TryGetValue("SIRIM_ENVIRONMENT", out var e) ? e : "reference";
        if (junit)
        {
            // JUnit results into the run folder, as the CI pipelines publish them.
            psi.ArgumentList.Add("--logger");
            psi.ArgumentList.Add($"junit;LogFilePath={Path.Combine(reports, environmentName, runId, "junit.xml")}");
        }
        if (trx)
        {
            // The TRX results as well (Azure DevOps publishes these), next to the JUnit file.
            psi.ArgumentList.Add("--logger");
            psi.ArgumentList.Add($"trx;LogFileName={Path.Combine(reports, environmentName, runId, "results.trx")}");
        }
        if (runSettings is not null)
        {
            psi.ArgumentList.Add("--settings");
            psi.ArgumentList.Add(Path.Combine(root, runSettings));
        }
        // Start from a clean slate: no SIRIM_* setting leaks from the environment that runs the self-tests.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("SIRIM_", StringComparison.Ordinal)).ToList()) psi.Environment.Remove(key);
        psi.Environment["SIRIM_REPORTS_DIR"] = reports;
        psi.Environment["SIRIM_RUN_ID"] = runId;
        psi.Environment["SIRIM_REPO_ROOT"] = root;
        foreach (var (k, v) in environment) psi.Environment[k] = v;

        var output = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the suite did not finish within {timeout.TotalSeconds:0} s:\n{output}");
        }
        process.WaitForExit();
        var runDirectory = Path.Combine(reports, environmentName, runId);
        // An invalid configuration writes to reports/invalid-configuration/<time> (the JUnit or TRX file may still have made the run folder).
        if (!Directory.Exists(Path.Combine(runDirectory, "allure-results")))
            runDirectory = Directory.Exists(reports) ? Directory.EnumerateDirectories(reports, "*", SearchOption.AllDirectories)
                .FirstOrDefault(d => Directory.Exists(Path.Combine(d, "allure-results"))) ?? runDirectory : runDirectory;
        return new SuiteRunResult(process.ExitCode, output.ToString(), runDirectory, ReadResults(runDirectory), watch.Elapsed);
    }

    public static IReadOnlyList<SuiteTestResult> ReadResults(string runDirectory)
    {
        var dir = Path.Combine(runDirectory, "allure-results");
        if (!Directory.Exists(dir)) return [];
        return Directory.EnumerateFiles(dir, "*-result.json").Select(f =>
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(f));
            var r = doc.RootElement;
            string? message = r.TryGetProperty("statusDetails", out var sd) && sd.TryGetProperty("message", out var m) ? m.GetString() : null;
            var labels = r.GetProperty("labels").EnumerateArray().Select(l => $"{l.GetProperty("name").GetString()}={l.GetProperty("value").GetString()}").ToList();
            return new SuiteTestResult(r.GetProperty("name").GetString()!, r.GetProperty("fullName").GetString()!, r.GetProperty("status").GetString()!,
                message, labels, CountAttachments(r));
        }).OrderBy(r => r.FullName).ToList();
    }

    private static int CountAttachments(JsonElement e)
    {
        var n = e.TryGetProperty("attachments", out var a) ? a.GetArrayLength() : 0;
        if (e.TryGetProperty("steps", out var steps)) n += steps.EnumerateArray().Sum(CountAttachments);
        return n;
    }

    /// <summary>Every file under <paramref name="directory"/> that contains <paramref name="secret"/> (for the no-secret-leak proofs).</summary>
    public static IReadOnlyList<string> FilesContaining(string directory, string secret) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains(secret, StringComparison.Ordinal))
            .ToList();
}
