using System.Text.Json;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Smoke.Checks;

/// <summary>
/// <c>health_status_word</c>: a health answer of 200 whose JSON body reports a top-level <c>status</c> says a healthy
/// word. The usual vocabularies: ok / ready (ASP.NET Core and most hand-written probes), pass (the IETF health check
/// response format, application/health+json), UP (Spring Boot Actuator, MicroProfile Health), healthy — compared
/// without regard to case. A 200 that reports "degraded" or "down" contradicts itself: orchestrators read the code,
/// people and dashboards read the body. A body without a status field is judged by its HTTP status alone.
/// </summary>
public sealed class HealthStatusWord : ICheck<HttpExchange>
{
    public string Id => "health_status_word";
    public Severity Severity => Severity.High;

    /// <summary>Status words that mean healthy, compared case-insensitively.</summary>
    public static IReadOnlyList<string> HealthyWords { get; } = ["ok", "pass", "up", "healthy", "ready"];

    public static bool IsHealthyWord(string word) =>
        HealthyWords.Contains(word.Trim(), StringComparer.OrdinalIgnoreCase);

    public CheckOutcome Evaluate(HttpExchange exchange)
    {
        if (exchange.Response is not { Status: 200, IsJson: true } response)
            return CheckOutcome.NotApplicable(SmokeGate.Name, Id, exchange.Subject, "not a 200 JSON answer (judged by health_status_200 and health_json)");
        JsonElement status;
        try
        {
            using var doc = JsonDocument.Parse(response.Body);
            JsonElement? found = null;
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
                foreach (var property in doc.RootElement.EnumerateObject())
                    if (property.Name.Equals("status", StringComparison.OrdinalIgnoreCase)) { found = property.Value.Clone(); break; }
            if (found is not { } value)
                return CheckOutcome.NotApplicable(SmokeGate.Name, Id, exchange.Subject, "the body has no status field");
            status = value;
        }
        catch (JsonException)
        {
            return CheckOutcome.NotApplicable(SmokeGate.Name, Id, exchange.Subject, "the body is not JSON (judged by health_json)");
        }
        if (status.ValueKind == JsonValueKind.String && IsHealthyWord(status.GetString()!))
            return CheckOutcome.Pass(SmokeGate.Name, Id, exchange.Subject, Severity, exchange);
        var actual = status.ValueKind == JsonValueKind.String ? $"status \"{status.GetString()}\"" : $"status {status.GetRawText()}";
        return CheckOutcome.Fail(SmokeGate.Name, Id, exchange.Subject, Severity,
            $"status one of {string.Join(", ", HealthyWords)} (any case)", actual,
            "The probe answers 200 while its body reports the service unhealthy: fix the dependency it names, or make the status code and the body agree.",
            exchange);
    }
}
