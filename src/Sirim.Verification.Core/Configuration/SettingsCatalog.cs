namespace Sirim.Verification.Core.Configuration;

/// <summary>Every setting the suite reads, in one place; the README's settings table mirrors this list.</summary>
public static class SettingsCatalog
{
    public static readonly SettingDefinition Environment = new("environment", "SIRIM_ENVIRONMENT", "reference",
        "Name of the environment under test (dev, staging, production, reference); names the reports folder.");
    public static readonly SettingDefinition ApiBaseUrl = new("apiBaseUrl", "SIRIM_API_URL", null,
        "Base URL of the REST API (required), e.g. https://api.sirim.example.");
    public static readonly SettingDefinition FrontendBaseUrl = new("frontendBaseUrl", "SIRIM_FRONTEND_URL", null,
        "Base URL of the static frontend; required by the E2E gate and the frontend header checks.");
    public static readonly SettingDefinition ContractFile = new("contractFile", "SIRIM_CONTRACT_FILE", "contracts/openapi.json",
        "The committed OpenAPI document that drives contract test discovery (path, relative to the repository root, or URL).");
    public static readonly SettingDefinition OpenApiUrl = new("openApiUrl", "SIRIM_OPENAPI_URL", "{apiBaseUrl}/openapi.json",
        "Where the deployment serves its OpenAPI document (compared with the committed one for drift).");
    public static readonly SettingDefinition LoginPath = new("loginPath", "SIRIM_LOGIN_PATH", "/api/auth/login",
        "Login route: POST {\"email\",\"password\"} answering {\"accessToken\"}.");
    public static readonly SettingDefinition Username = new("username", "SIRIM_USERNAME", null,
        "Login e-mail of the verification user.");
    public static readonly SettingDefinition Password = new("password", "SIRIM_PASSWORD", null,
        "Password of the verification user (secret: environment only).", IsSecret: true);
    public static readonly SettingDefinition Token = new("token", "SIRIM_TOKEN", null,
        "A ready bearer token, used instead of logging in (secret: environment only).", IsSecret: true);
    public static readonly SettingDefinition DbMonitorConnection = new("dbMonitorConnection", "SIRIM_DB_MONITOR_CONNECTION", null,
        "Npgsql connection string of a monitoring role that can read pg_stat_activity (secret: environment only). Without it the pool gate is NOT RUN.",
        IsSecret: true, Gate: "pool");
    public static readonly SettingDefinition DbApplicationName = new("dbApplicationName", "SIRIM_DB_APPLICATION_NAME", "sirim-api",
        "application_name the API's pool sets; pg_stat_activity rows are filtered by it.", Gate: "pool");
    public static readonly SettingDefinition ExpectedPoolSize = new("expectedPoolSize", "SIRIM_EXPECTED_POOL_SIZE", "20",
        "Connections the API's pool must really open under load.", Gate: "pool");
    public static readonly SettingDefinition LoadAllowedHosts = new("loadAllowedHosts", "SIRIM_LOAD_ALLOWED_HOSTS", "",
        "Comma-separated hosts that may receive load traffic. Empty: the load and pool gates refuse to run.", Gate: "load");
    public static readonly SettingDefinition ReadOnly = new("readOnly", "SIRIM_READ_ONLY", "false",
        "true: no mutating request is sent (production mode); mutating cases are reported as skipped.");
    public static readonly SettingDefinition SmokeRepeat = new("smokeRepeat", "SIRIM_SMOKE_REPEAT", "3",
        "How many times in a row /healthz and /readyz must answer 200 JSON.", Gate: "smoke");
    public static readonly SettingDefinition RequestTimeoutSeconds = new("requestTimeoutSeconds", "SIRIM_REQUEST_TIMEOUT_SECONDS", "10",
        "Timeout of one HTTP request, in seconds.");
    public static readonly SettingDefinition ReportsDir = new("reportsDir", "SIRIM_REPORTS_DIR", "reports",
        "Root folder of the evidence; a run writes reports/<environment>/<runId>/.");
    public static readonly SettingDefinition RunId = new("runId", "SIRIM_RUN_ID", "{utc timestamp}",
        "Identifier of this run (tags created data and names the evidence folder).");
    public static readonly SettingDefinition P95Budget = new("p95Budget", "SIRIM_BUDGET_P95", "p95 < 300ms",
        "Latency budget of the load profiles.", Gate: "load");
    public static readonly SettingDefinition ErrorRateBudget = new("errorRateBudget", "SIRIM_BUDGET_ERROR_RATE", "error_rate < 1%",
        "Error-rate budget of the load profiles.", Gate: "load");
    public static readonly SettingDefinition P99Budget = new("p99Budget", "SIRIM_BUDGET_P99", "p99 < 1s",
        "Tail-latency budget of the load profiles (open model: a stalling server shows up here).", Gate: "load");
    public static readonly SettingDefinition LoadProfiles = new("loadProfiles", "SIRIM_LOAD_PROFILES", "normal,peak",
        "Load profiles the load gate runs, comma-separated: names of scenarios/load/<name>.json (normal, peak, normal-ci, peak-ci) or paths to profile files.", Gate: "load");
    public static readonly SettingDefinition PoolProfile = new("poolProfile", "SIRIM_POOL_PROFILE", "pool",
        "Load profile of the pool proof (closed model, at least expectedPoolSize users): scenarios/load/<name>.json (pool, pool-ci) or a path.", Gate: "pool");
    public static readonly SettingDefinition LoadRoutesFile = new("loadRoutesFile", "SIRIM_LOAD_ROUTES_FILE", "scenarios/load/routes.json",
        "The critical routes the load sends and their weights (default: the gastos list by empresaId, login, one write).", Gate: "load");
    public static readonly SettingDefinition LoadEmpresaId = new("loadEmpresaId", "SIRIM_LOAD_EMPRESA_ID", "1",
        "empresaId used by the load's routes ({empresaId} in routes.json); the verification user must see it.", Gate: "load");
    public static readonly SettingDefinition PoolSampleIntervalMs = new("poolSampleIntervalMs", "SIRIM_POOL_SAMPLE_INTERVAL_MS", "200",
        "Interval between two pg_stat_activity samples of the pool proof, in milliseconds.", Gate: "pool");
    public static readonly SettingDefinition DbAppUser = new("dbAppUser", "SIRIM_DB_APP_USER", "",
        "Database user of the API's pool; when set, pg_stat_activity rows are also filtered by it (usename).", Gate: "pool");
    public static readonly SettingDefinition DbStopCommand = new("dbStopCommand", "SIRIM_DB_STOP_COMMAND", null,
        "Shell command that stops the target's database (only where that is allowed, e.g. the reference target). With the start command it lets the smoke gate prove /readyz depends on the database.",
        Gate: "smoke");
    public static readonly SettingDefinition DbStartCommand = new("dbStartCommand", "SIRIM_DB_START_COMMAND", null,
        "Shell command that starts the target's database again.", Gate: "smoke");
    public static readonly SettingDefinition TlsSkipVerify = new("tlsSkipVerify", "SIRIM_TLS_SKIP_VERIFY", "false",
        "true: accept self-signed certificates (the reference target's HTTPS endpoint). Never for real deployments.");
    public static readonly SettingDefinition RequiredGates = new("requiredGates", "SIRIM_REQUIRED_GATES", "smoke,contracts,security,e2e,load,pool",
        "Gates that must PASS for a GO in go_no_go.md.");

    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        Environment, ApiBaseUrl, FrontendBaseUrl, ContractFile, OpenApiUrl, LoginPath, Username, Password, Token,
        DbMonitorConnection, DbApplicationName, ExpectedPoolSize, LoadAllowedHosts, ReadOnly, SmokeRepeat,
        RequestTimeoutSeconds, ReportsDir, RunId, P95Budget, ErrorRateBudget, P99Budget, LoadProfiles, PoolProfile,
        LoadRoutesFile, LoadEmpresaId, PoolSampleIntervalMs, DbAppUser, DbStopCommand, DbStartCommand,
        TlsSkipVerify, RequiredGates,
    ];
}
