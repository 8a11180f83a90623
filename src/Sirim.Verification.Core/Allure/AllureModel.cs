using System.Text.Json.Serialization;

namespace Sirim.Verification.Core.Allure;

// The result-file format documented by Allure ("Allure result files"): one <uuid>-result.json per test, attachments as
// <uuid>-attachment.<ext> beside it, plus environment.properties, executor.json and categories.json in the same folder.

public static class AllureStatus
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Broken = "broken";
    public const string Skipped = "skipped";
}

public sealed record AllureLabel(string Name, string Value);
public sealed record AllureParameter(string Name, string Value);
public sealed record AllureLink(string Name, string Url, string Type = "link");
public sealed record AllureAttachment(string Name, string Source, string Type);

public sealed record AllureStatusDetails(
    string? Message = null,
    string? Trace = null,
    bool Known = false,
    bool Muted = false,
    bool Flaky = false);

public sealed record AllureStep(
    string Name,
    string Status,
    AllureStatusDetails StatusDetails,
    long Start,
    long Stop,
    IReadOnlyList<AllureStep> Steps,
    IReadOnlyList<AllureAttachment> Attachments,
    IReadOnlyList<AllureParameter> Parameters)
{
    public string Stage => "finished";
}

public sealed record AllureResult(
    string Uuid,
    string HistoryId,
    string TestCaseId,
    string Name,
    string FullName,
    string Status,
    AllureStatusDetails StatusDetails,
    long Start,
    long Stop,
    IReadOnlyList<AllureLabel> Labels,
    IReadOnlyList<AllureParameter> Parameters,
    IReadOnlyList<AllureStep> Steps,
    IReadOnlyList<AllureAttachment> Attachments,
    IReadOnlyList<AllureLink> Links,
    string? Description = null)
{
    public string Stage => "finished";
}

/// <summary>A category of failures in the report (categories.json): how a reader tells product defects from setup trouble.</summary>
public sealed record AllureCategory(
    string Name,
    IReadOnlyList<string> MatchedStatuses,
    [property: JsonPropertyName("messageRegex")] string? MessageRegex = null);

public sealed record AllureExecutor(string Name, string Type, string? BuildName = null, string? BuildUrl = null, string? ReportName = null);
