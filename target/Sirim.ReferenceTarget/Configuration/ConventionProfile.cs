namespace Sirim.ReferenceTarget.Configuration;

/// <summary>
/// The deployment conventions the reference target follows, chosen at start with <c>SIRIM_REF_PROFILE</c>: where
/// health, login and the contract live, the shapes of the login and list answers, whether the frontend has its own
/// origin and whether the database pool names itself. The API resource routes are the same in every profile.
/// </summary>
public sealed record ConventionProfile(
    string Name,
    string LivenessPath,
    string ReadinessPath,
    bool HealthPlusJson,
    string LoginPath,
    bool NestedCredentials,
    string ContractPath,
    string ContractFile,
    string ContractMediaType,
    bool FrontendOnApiOrigin,
    bool WrappedLists,
    bool NamesDatabaseSessions)
{
    /// <summary>Today's conventions: /healthz, /readyz, POST /api/auth/login, /openapi.json, a frontend origin of its own.</summary>
    public static readonly ConventionProfile Standard = new("standard", "/healthz", "/readyz", HealthPlusJson: false, "/api/auth/login", NestedCredentials: false,
        "/openapi.json", "openapi.json", "application/json", FrontendOnApiOrigin: false, WrappedLists: false,
        NamesDatabaseSessions: true);

    /// <summary>
    /// Another deployment's conventions: /health and /health/ready (application/health+json), POST /api/session with
    /// nested credentials, lists wrapped in {"data","meta"}, a YAML contract at /openapi.yaml, the frontend served from
    /// the API origin (data-qa test ids, token in localStorage) and database sessions without an application_name.
    /// </summary>
    public static readonly ConventionProfile Alt = new("alt", "/health", "/health/ready", HealthPlusJson: true, "/api/session", NestedCredentials: true,
        "/openapi.yaml", "openapi-alt.yaml", "application/yaml", FrontendOnApiOrigin: true, WrappedLists: true,
        NamesDatabaseSessions: false);

    public static IReadOnlyList<ConventionProfile> All { get; } = [Standard, Alt];

    /// <summary>The profile called <paramref name="name"/> (empty: standard), or null when there is none.</summary>
    public static ConventionProfile? Find(string? name) => string.IsNullOrWhiteSpace(name)
        ? Standard
        : All.FirstOrDefault(p => p.Name == name.Trim());
}
