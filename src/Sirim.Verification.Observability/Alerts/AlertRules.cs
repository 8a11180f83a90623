using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sirim.Verification.Observability.Alerts;

/// <summary>One rule of a Prometheus rules file: its group, its name (alert or record), whether it alerts, and its PromQL expression.</summary>
public sealed record AlertRule(string Group, string Name, bool IsAlert, string Expression);

/// <summary>
/// The rules of a Prometheus rules file (https://prometheus.io/docs/prometheus/latest/configuration/alerting_rules/):
/// <c>groups[].rules[]</c> with <c>alert</c> or <c>record</c> and <c>expr</c>. Its validity is promtool's to judge; this
/// reader only finds the rules the release must have.
/// </summary>
public static partial class AlertRules
{
    public static (IReadOnlyList<AlertRule> Rules, string? Error) Read(string yaml)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException ex) { return ([], $"not YAML: {ex.Message}"); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return ([], "no 'groups' mapping at the top");
        if (!root.Children.TryGetValue(new YamlScalarNode("groups"), out var groupsNode) || groupsNode is not YamlSequenceNode groups)
            return ([], "no 'groups' list at the top");
        var rules = new List<AlertRule>();
        foreach (var group in groups.OfType<YamlMappingNode>())
        {
            var groupName = Scalar(group, "name") ?? "(unnamed)";
            if (!group.Children.TryGetValue(new YamlScalarNode("rules"), out var rulesNode) || rulesNode is not YamlSequenceNode list) continue;
            foreach (var rule in list.OfType<YamlMappingNode>())
            {
                var alert = Scalar(rule, "alert");
                rules.Add(new AlertRule(groupName, alert ?? Scalar(rule, "record") ?? "(unnamed)", alert is not null, Scalar(rule, "expr") ?? ""));
            }
        }
        return (rules, null);
    }

    /// <summary>An alert on the 95th latency percentile: <c>histogram_quantile(0.95, …)</c> or a summary's <c>quantile="0.95"</c>.</summary>
    public static bool IsP95Latency(AlertRule rule) => rule.IsAlert && P95().IsMatch(rule.Expression);

    /// <summary>An alert on server errors: a status-code matcher selecting 5xx (<c>status=~"5.."</c>, <c>code=~"5xx"</c>, <c>status="503"</c> …).</summary>
    public static bool Is5xxRate(AlertRule rule) => rule.IsAlert && FiveXx().IsMatch(rule.Expression);

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode s ? s.Value : null;

    [GeneratedRegex(@"histogram_quantile\s*\(\s*0?\.95\s*,|quantile\s*=\s*""0?\.95""")]
    private static partial Regex P95();

    [GeneratedRegex(@"[a-z_]*(status|code)[a-z_]*\s*(=~\s*""\^?5|=\s*""5\d\d"")", RegexOptions.IgnoreCase)]
    private static partial Regex FiveXx();
}
