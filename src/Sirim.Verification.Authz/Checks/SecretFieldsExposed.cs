using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sirim.Verification.Authz.Probing;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Authz.Checks;

/// <summary>One secret-looking value in an answer: where it is and why it looks like a secret (never the value itself).</summary>
public sealed record SecretFinding(string Pointer, string Why, int Length);

/// <summary>
/// no_secret_fields_exposed: no JSON answer the gate receives carries a field whose name is a secret's (authzSecretFieldNames:
/// password, hash, salt, apiKey, a token other than the run's own login token, …) or a value that looks like one (a
/// password hash, a connection string, a database URL with credentials, a stack trace), whatever the contract
/// declares (OWASP API3 excessive data exposure). The finding names the field and masks the value: it is a secret.
/// </summary>
public sealed partial class SecretFieldsExposed(IReadOnlyList<string> names, IReadOnlyList<string> ownTokens)
{
    public const string Masked = "[masked by sirim-verify]";
    public string Id => AuthzChecks.NoSecretFields;

    private readonly IReadOnlyList<string> _names = names.Select(Normalize).ToList();

    /// <summary>Every answer judged; one failure per answer that carries secrets, one pass when none does.</summary>
    public IReadOnlyList<CheckOutcome> Evaluate(IReadOnlyList<HttpExchange> answers)
    {
        var judged = answers.Where(a => a.Status is not null && JsonValues.Parse(a.Response!.Body) is not null && !IsApiDescription(a)).ToList();
        var failures = new List<CheckOutcome>();
        foreach (var answer in judged.DistinctBy(a => (a.Request.Method, a.Request.Url.AbsolutePath, a.Response!.Body)))
        {
            var findings = Find(JsonValues.Parse(answer.Response!.Body)!);
            if (findings.Count == 0) continue;
            failures.Add(CheckOutcome.Fail(AuthzChecks.Gate, Id, $"{answer.Request.Method} {answer.Request.Url.AbsolutePath}", Severity.Critical,
                "no field named or looking like a secret (" + string.Join(", ", _names.Take(6)) + ", …; hashes, connection strings, stack traces)",
                $"{Refusal.Answer(answer)} carrying " + string.Join("; ", findings.Select(f => $"{f.Pointer}: {f.Why} (value masked, {f.Length} characters)")),
                "the answer serialises more than the client needs (an ORM entity, an exception): answer a response model with an allow-list of fields and never return credentials, hashes or internals (OWASP API3)",
                Mask(answer, findings)));
        }
        if (failures.Count > 0) return failures;
        return [CheckOutcome.Pass(AuthzChecks.Gate, Id, $"{judged.Count} JSON answer(s) received by the gate", Severity.Critical) with
            { Actual = $"none of {judged.Count} JSON answer(s) carries a secret-looking field or value" }];
    }

    public IReadOnlyList<SecretFinding> Find(JsonNode root)
    {
        var findings = new List<SecretFinding>();
        Walk(root, "", null, findings);
        return findings;
    }

    private void Walk(JsonNode? node, string pointer, string? name, List<SecretFinding> findings)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o) Walk(value, pointer + "/" + key.Replace("~", "~0").Replace("/", "~1"), key, findings);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) Walk(a[i], $"{pointer}/{i}", name, findings);
                break;
            case JsonValue v:
                var text = v.ToString();
                if (text.Length == 0 || ownTokens.Contains(text)) return;
                if (name is not null && _names.FirstOrDefault(n => Normalize(name).EndsWith(n, StringComparison.Ordinal)) is { } matched)
                    findings.Add(new(pointer, $"a field named like a secret ('{matched}')", text.Length));
                else if (ValueWhy(text) is { } why)
                    findings.Add(new(pointer, why, text.Length));
                break;
        }
    }

    /// <summary>Why a value looks like a secret whatever its field is called, or null.</summary>
    public static string? ValueWhy(string text) =>
        PasswordHash().IsMatch(text) ? "a password hash"
        : ConnectionString().IsMatch(text) ? "a connection string with a password"
        : DatabaseUrl().IsMatch(text) ? "a database URL"
        : StackTrace().IsMatch(text) ? "a stack trace"
        : null;

    private static bool IsApiDescription(HttpExchange a) => JsonValues.Parse(a.Response!.Body) is JsonObject o && (o.ContainsKey("openapi") || o.ContainsKey("swagger"));

    private static string Normalize(string name) => name.Replace("_", "").Replace("-", "").ToLowerInvariant();

    /// <summary>The exchange with every finding's value replaced, so that the evidence reproduces the request without the secret.</summary>
    private static HttpExchange Mask(HttpExchange answer, IReadOnlyList<SecretFinding> findings)
    {
        var root = JsonValues.Parse(answer.Response!.Body)!;
        foreach (var f in findings)
            if (JsonPointers.Find(root, f.Pointer) is { Parent: { } parent } node)
            {
                if (parent is JsonObject o) o[node.GetPropertyName()] = Masked;
                else if (parent is JsonArray arr) arr[node.GetElementIndex()] = Masked;
            }
        var body = root.ToJsonString(Readable);
        return answer with { Response = answer.Response with { Body = body, BodyBytes = System.Text.Encoding.UTF8.GetByteCount(body) } };
    }

    // Non-ASCII text stays readable in the evidence (the answer is shown, not embedded in HTML or script).
    private static readonly System.Text.Json.JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"^(\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}|\$argon2(id|i|d)\$.+|pbkdf2[-_]?sha\d+\$\d+\$.+|\$pbkdf2[^$]*\$.+|\{SSHA\d*\}.+|AQAAAA[A-Za-z0-9+/=]{40,})$")]
    private static partial Regex PasswordHash();

    [GeneratedRegex(@"(?i)(host|server|data source)\s*=[^;]+;.*(password|pwd)\s*=")]
    private static partial Regex ConnectionString();

    [GeneratedRegex(@"(?i)\b(postgres(ql)?|mysql|mongodb(\+srv)?|redis|sqlserver)://")]
    private static partial Regex DatabaseUrl();

    [GeneratedRegex(@"(?m)(^\s+at [\w.`<>\[\]+]+\.[\w.`<>\[\]|]+\(|\b[\w.]+Exception: )")]
    private static partial Regex StackTrace();
}
