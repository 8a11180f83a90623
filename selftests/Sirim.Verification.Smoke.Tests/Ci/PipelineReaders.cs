using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Sirim.Verification.Smoke.Tests.Ci;

/// <summary>Reads a GitHub Actions workflow or an Azure Pipelines file into a <see cref="SmokePipeline"/>.</summary>
public static partial class PipelineReaders
{
    /// <summary>The suite writes its evidence to reportsDir/environment/runId (EvidenceRun).</summary>
    private const string SuiteRunFolder = "{SIRIM_REPORTS_DIR}/{SIRIM_ENVIRONMENT}/{SIRIM_RUN_ID}";

    public static SmokePipeline ReadGitHubActions(string path, IReadOnlyList<string> secretNames)
    {
        var root = Yaml.LoadFile(path);
        var on = root.Get("on");
        var dispatch = on.Get("workflow_dispatch");
        var steps = root.Get("jobs") is YamlMappingNode jobs ? jobs.Children.Values.SelectMany(j => j.Get("steps").Items()).ToList() : [];
        var smoke = SmokeStep(path, steps, "run");
        var variables = new Dictionary<string, string>();
        foreach (var scope in new[] { root.Get("env") }.Concat(root.Get("jobs") is YamlMappingNode js ? js.Children.Values.Select(j => j.Get("env")) : []).Append(smoke.Get("env")))
            foreach (var (k, v) in scope.Pairs()) variables[k] = v;
        string Expand(string text) => Yaml.Expand(text, variables, [GitHubEnvExpression(), ShellBraced(), ShellPlain(), Braced()], ["${{ github.workspace }}/"]);
        static bool Always(YamlNode step) => step.Text("if")?.Contains("always()") == true;

        var entries = Yaml.AllScalarEntries(root).ToList();
        return new SmokePipeline(path,
            on.Get("schedule").Items().Select(s => s.Text("cron") ?? "").ToList(),
            dispatch is not null,
            dispatch.Get("inputs").Get("environment").Get("options").Items().OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
            smoke.Text("run")!,
            double.TryParse(smoke.Text("timeout-minutes"), out var t) ? t : null,
            Expand(SuiteRunFolder),
            Expand(Yaml.JunitLogFilePath(smoke.Text("run")!)),
            steps.Where(s => s.Text("uses")?.StartsWith("actions/upload-artifact@") == true)
                .SelectMany(s => (s.Get("with").Text("path") ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(p => new PublishedPath(Expand(p), Always(s)))).ToList(),
            AllureRuns(steps, "run", Always, Expand),
            entries.Where(e => secretNames.Contains(e.Key)).Select(e => new SecretMapping(e.Path, e.Key, e.Value)).ToList(),
            name => "${{ secrets." + name + " }}",
            smoke.Get("env").Pairs().Select(p => p.Key).Where(secretNames.Contains).ToList(),
            steps.Select(s => s.Text("run")).OfType<string>().ToList(),
            entries.Where(e => e.Value.Contains("secrets.") && !secretNames.Contains(e.Key)).Select(e => $"{e.Path}: {e.Value}").ToList());
    }

    public static SmokePipeline ReadAzurePipelines(string path, IReadOnlyList<string> secretNames)
    {
        var root = Yaml.LoadFile(path);
        var steps = root.Get("jobs").Items().SelectMany(j => j.Get("steps").Items()).Concat(root.Get("steps").Items()).ToList();
        var smoke = SmokeStep(path, steps, "script");
        var declared = root.Get("variables").Items().ToList();
        var variables = new Dictionary<string, string>();
        foreach (var v in declared.Where(v => v.Text("name") is not null)) variables[v.Text("name")!] = v.Text("value") ?? "";
        foreach (var (k, v) in smoke.Get("env").Pairs()) variables[k] = v;
        string Expand(string text) => Yaml.Expand(text, variables, [AzureMacro(), AzureTemplateVariable(), ShellBraced(), ShellPlain(), Braced()], ["$(Build.SourcesDirectory)/"]);
        static bool Always(YamlNode step) => step.Text("condition")?.Contains("always()") == true;
        var environment = root.Get("parameters").Items().FirstOrDefault(p => p.Text("name") == "environment");

        var outsideStore = declared.Where(v => v.Text("name") is { } n && secretNames.Contains(n)).Select(v => $"variables: {v.Text("name")} defined inline").ToList();
        if (!declared.Any(v => v.Text("group") is not null)) outsideStore.Add("variables: no variable group (the Library secret store) is linked");
        return new SmokePipeline(path,
            root.Get("schedules").Items().Select(s => s.Text("cron") ?? "").ToList(),
            environment?.Get("values").Items().Any() == true,
            environment.Get("values").Items().OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList(),
            smoke.Text("script")!,
            double.TryParse(smoke.Text("timeoutInMinutes"), out var t) ? t : null,
            Expand(SuiteRunFolder),
            Expand(Yaml.JunitLogFilePath(smoke.Text("script")!)),
            steps.Where(s => s.Text("task") is "PublishTestResults@2" && s.Get("inputs").Text("testResultsFormat") == "JUnit")
                .Select(s => new PublishedPath(Expand(s.Get("inputs").Text("testResultsFiles") ?? ""), Always(s)))
                .Concat(steps.Where(s => s.Text("task") is "PublishPipelineArtifact@1")
                    .Select(s => new PublishedPath(Expand(s.Get("inputs").Text("targetPath") ?? ""), Always(s)))).ToList(),
            AllureRuns(steps, "script", Always, Expand),
            Yaml.AllScalarEntries(root).Where(e => secretNames.Contains(e.Key)).Select(e => new SecretMapping(e.Path, e.Key, e.Value)).ToList(),
            name => "$(" + name + ")",
            smoke.Get("env").Pairs().Select(p => p.Key).Where(secretNames.Contains).ToList(),
            steps.Select(s => s.Text("script")).OfType<string>().ToList(),
            outsideStore);
    }

    private static YamlNode SmokeStep(string path, IReadOnlyList<YamlNode> steps, string scriptKey)
    {
        var tests = steps.Where(s => s.Text(scriptKey)?.Contains("dotnet test") == true).ToList();
        Assert.That(tests, Has.Count.EqualTo(1), $"{path}: exactly one step runs 'dotnet test'");
        return tests[0];
    }

    private static List<PublishedPath> AllureRuns(IEnumerable<YamlNode> steps, string scriptKey, Func<YamlNode, bool> always, Func<string, string> expand) =>
        steps.SelectMany(s => AllureScript().Matches(s.Text(scriptKey) ?? "").Select(m => new PublishedPath(expand(m.Groups["dir"].Value), always(s)))).ToList();

    [GeneratedRegex(@"\$\{\{\s*env\.(?<name>\w+)\s*\}\}")] private static partial Regex GitHubEnvExpression();
    [GeneratedRegex(@"\$\((?<name>[\w.]+)\)")] private static partial Regex AzureMacro();
    [GeneratedRegex(@"\$\{\{\s*variables\.(?<name>\w+)\s*\}\}")] private static partial Regex AzureTemplateVariable();
    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_]\w*)\}")] private static partial Regex ShellBraced();
    [GeneratedRegex(@"\$(?<name>[A-Za-z_]\w*)")] private static partial Regex ShellPlain();
    [GeneratedRegex(@"(?<!\$)\{(?<name>SIRIM_\w+)\}")] private static partial Regex Braced();
    [GeneratedRegex("""scripts/allure-report\.sh\s+(?<dir>"[^"]+"|\S+)""")] private static partial Regex AllureScript();
}
