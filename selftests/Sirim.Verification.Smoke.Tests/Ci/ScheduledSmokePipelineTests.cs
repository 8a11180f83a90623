using System.Diagnostics;
using Sirim.Verification.Core;
using Sirim.Verification.Core.Configuration;

namespace Sirim.Verification.Smoke.Tests.Ci;

/// <summary>
/// The scheduled smoke pipelines, GitHub Actions (.github/workflows/scheduled-smoke.yml) and the Azure Pipelines example
/// (.azure-pipelines/scheduled-smoke.yml), parsed with a YAML parser and held to their essentials: a schedule and a
/// manual run, the Smoke category against runsettings/&lt;environment&gt;.runsettings, a test step timeout under 3 minutes,
/// JUnit results and the Allure report published even when the smoke fails, from the folder the suite really writes,
/// and secrets taken from the CI secret store only. The GitHub workflow is also validated against the Actions schema.
/// </summary>
public sealed class ScheduledSmokePipelineTests
{
    public const string GitHubWorkflow = ".github/workflows/scheduled-smoke.yml";
    public const string AzurePipeline = ".azure-pipelines/scheduled-smoke.yml";

    private static readonly string Root = RepositoryRoot.Find();
    private static readonly IReadOnlyList<string> SecretNames = SettingsCatalog.All.Where(s => s.IsSecret).Select(s => s.EnvironmentVariable).ToList();

    private static SmokePipeline Read(string file) => file == GitHubWorkflow
        ? PipelineReaders.ReadGitHubActions(Path.Combine(Root, file), SecretNames)
        : PipelineReaders.ReadAzurePipelines(Path.Combine(Root, file), SecretNames);

    private static IEnumerable<TestCaseData> Pipelines()
    {
        yield return new TestCaseData(GitHubWorkflow).SetArgDisplayNames("GitHub Actions");
        yield return new TestCaseData(AzurePipeline).SetArgDisplayNames("Azure Pipelines");
    }

    [TestCaseSource(nameof(Pipelines))]
    public void Runs_on_a_schedule_and_on_demand_for_an_environment_with_runsettings(string file)
    {
        var p = Read(file);
        Assert.Multiple(() =>
        {
            Assert.That(p.Crons, Is.Not.Empty, "a schedule");
            Assert.That(p.Crons, Has.All.Matches<string>(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 5), "cron: five fields");
            Assert.That(p.ManualTrigger, "a manual run that chooses the environment");
            Assert.That(p.Environments, Is.Not.Empty.And.Contains("staging"));
            foreach (var environment in p.Environments)
                Assert.That(Path.Combine(Root, "runsettings", environment + ".runsettings"), Does.Exist, $"{file}: environment '{environment}' has no runsettings file");
        });
    }

    [TestCaseSource(nameof(Pipelines))]
    public void Runs_the_Smoke_category_with_the_environment_runsettings_within_3_minutes(string file)
    {
        var p = Read(file);
        Assert.Multiple(() =>
        {
            Assert.That(p.TestCommand, Does.Contain("dotnet test Sirim.Verification.sln"));
            Assert.That(p.TestCommand, Does.Contain("--filter Category=Smoke"));
            Assert.That(p.TestCommand, Does.Contain("--settings \"runsettings/$SIRIM_ENVIRONMENT.runsettings\""));
            Assert.That(p.TestTimeoutMinutes, Is.Not.Null.And.GreaterThan(0).And.LessThanOrEqualTo(3), "the test step has its own timeout of at most 3 minutes");
        });
    }

    [TestCaseSource(nameof(Pipelines))]
    public void Publishes_JUnit_results_and_the_Allure_report_from_the_suite_run_folder_even_on_failure(string file)
    {
        var p = Read(file);
        var published = p.Published.Where(x => x.EvenOnFailure).Select(x => x.Path.TrimEnd('/')).ToList();
        bool IsPublished(string path) => published.Any(x => path == x || path.StartsWith(x + "/", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(p.JunitFile, Is.EqualTo(p.EvidenceFolder + "/junit.xml"), "JUnit results are written into the suite's run folder");
            Assert.That(IsPublished(p.JunitFile), $"JUnit results published with always(); published: {string.Join(", ", published)}");
            Assert.That(p.AllureReportRuns, Is.EqualTo(new[] { new PublishedPath(p.EvidenceFolder, true) }), "the Allure report is generated from the run folder, even on failure");
            Assert.That(IsPublished(p.EvidenceFolder + "/allure-report/index.html"), $"the Allure report is published; published: {string.Join(", ", published)}");
            Assert.That(IsPublished(p.EvidenceFolder + "/allure-results/x-result.json"), "the Allure results are published");
            Assert.That(Path.Combine(Root, "scripts", "allure-report.sh"), Does.Exist);
        });
    }

    [TestCaseSource(nameof(Pipelines))]
    public void Keeps_the_previous_runs_findings_and_Allure_history_between_runs(string file)
    {
        var text = File.ReadAllText(Path.Combine(Root, file));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain(SettingsCatalog.PreviousRunDir.EnvironmentVariable + ": "), "the smoke step is told where the previous run's findings are");
            Assert.That(text, Does.Contain(".sirim-history"), "the previous run's folder is kept in the CI cache");
            Assert.That(text, Does.Match(file == GitHubWorkflow ? @"actions/cache/restore@v\d[\s\S]*actions/cache/save@v\d" : @"task: Cache@2"), "restored before the run, saved after it");
            Assert.That(text, Does.Contain("cp \"$").And.Contain("findings.json\" .sirim-history/"), "the new findings.json replaces the previous one");
            Assert.That(text, Does.Contain("allure-report/history"), "the Allure history is kept for the Trend panel");
        });
    }

    [TestCaseSource(nameof(Pipelines))]
    public void Takes_secrets_from_the_CI_secret_store_only(string file)
    {
        var p = Read(file);
        Assert.Multiple(() =>
        {
            Assert.That(p.SmokeStepSecretNames, Does.Contain(SettingsCatalog.Password.EnvironmentVariable), "the smoke step gets the verification user's password");
            foreach (var m in p.SecretMappings)
                Assert.That(m.Value, Is.EqualTo(p.StoreReference(m.Name)), $"{file} {m.Where}: a secret is given only as a reference to the secret store");
            Assert.That(p.SecretsOutsideTheStore, Is.Empty);
            foreach (var script in p.Scripts)
                Assert.That(SecretNames.Where(script.Contains), Is.Empty, $"{file}: a script names a secret instead of receiving it through the step's env: {script}");
        });
    }

    [Test]
    public async Task GitHub_workflow_passes_the_Actions_schema()
    {
        var validator = Path.Combine(Root, "tools", "ci", "node_modules", ".bin", "action-validator");
        Assert.That(validator, Does.Exist, "the pinned workflow validator is not installed: run scripts/bootstrap.sh (npm ci in tools/ci)");
        var psi = new ProcessStartInfo(validator) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        psi.ArgumentList.Add(GitHubWorkflow);
        using var process = Process.Start(psi)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); Assert.Fail("action-validator did not finish within 60 s"); }
        Assert.That(process.ExitCode, Is.EqualTo(0), $"action-validator {GitHubWorkflow}:\n{await output}{await errors}");
    }

    [Test]
    public void The_readers_see_a_secret_written_into_a_workflow()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sirim-wf-{Guid.NewGuid():N}.yml");
        File.WriteAllText(file, File.ReadAllText(Path.Combine(Root, GitHubWorkflow))
            .Replace("SIRIM_PASSWORD: ${{ secrets.SIRIM_PASSWORD }}", "SIRIM_PASSWORD: hunter2")
            .Replace("npm ci --no-audit --no-fund", "echo ${{ secrets.DEPLOY_KEY }}"));
        try
        {
            var p = PipelineReaders.ReadGitHubActions(file, SecretNames);
            Assert.That(p.SecretMappings.Single(m => m.Name == "SIRIM_PASSWORD").Value, Is.EqualTo("hunter2"));
            Assert.That(p.SecretsOutsideTheStore, Has.Count.EqualTo(1).And.Some.Contains("/jobs/smoke/steps[4]/run: echo ${{ secrets.DEPLOY_KEY }}"));
        }
        finally { File.Delete(file); }
    }
}
