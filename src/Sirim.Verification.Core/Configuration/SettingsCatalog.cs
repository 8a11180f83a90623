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
        "Login route: POST loginBody, answering 200 JSON with the token where loginTokenPointer says.");
    public static readonly SettingDefinition LoginBody = new("loginBody", "SIRIM_LOGIN_BODY", "{\"email\":\"{username}\",\"password\":\"{password}\"}",
        "JSON body of the login: a template whose {username} and {password} (both required, inside JSON strings) are replaced by the JSON-escaped credentials; checked before any request.");
    public static readonly SettingDefinition LoginTokenPointer = new("loginTokenPointer", "SIRIM_LOGIN_TOKEN_POINTER", "",
        "RFC 6901 JSON Pointer of the bearer token in the login answer, e.g. /data/access_token. Empty: /accessToken, /access_token, /token, then the same under /data.");
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
        "application_name the API's pool sets; pg_stat_activity rows are filtered by it. Set explicitly empty (environment or runsettings) when the API's pool sets none: then only the database and user filters apply.",
        Gate: "pool", EmptyIsAValue: true);
    public static readonly SettingDefinition ExpectedPoolSize = new("expectedPoolSize", "SIRIM_EXPECTED_POOL_SIZE", "20",
        "Connections the API's pool must really open under load.", Gate: "pool");
    public static readonly SettingDefinition LoadAllowedHosts = new("loadAllowedHosts", "SIRIM_LOAD_ALLOWED_HOSTS", "",
        "Comma-separated hosts that may receive load traffic. Empty: the load and pool gates refuse to run.", Gate: "load");
    public static readonly SettingDefinition ReadOnly = new("readOnly", "SIRIM_READ_ONLY", "false",
        "true: no mutating request is sent (production mode); mutating cases are reported as skipped.");
    public static readonly SettingDefinition SmokeRepeat = new("smokeRepeat", "SIRIM_SMOKE_REPEAT", "3",
        "How many times in a row the liveness and readiness routes must answer 200 JSON.", Gate: "smoke");
    public static readonly SettingDefinition LivenessPath = new("livenessPath", "SIRIM_LIVENESS_PATH", "/healthz",
        "Liveness route (no dependencies): the first request of every run (is the target reachable?), probed by the smoke gate and the plain-HTTP redirect check.");
    public static readonly SettingDefinition ReadinessPath = new("readinessPath", "SIRIM_READINESS_PATH", "/readyz",
        "Readiness route (checks the database): probed by the smoke gate (also during the database outage) and, by default, by the canary.", Gate: "smoke");
    public static readonly SettingDefinition SmokeBadInputPath = new("smokeBadInputPath", "SIRIM_SMOKE_BAD_INPUT_PATH", "/api/gastos?empresaId=not-a-number",
        "Route and query of the smoke gate's bad-input probe (GET, with the token): invalid input that must get a 4xx JSON error, not a 5xx.", Gate: "smoke");
    public static readonly SettingDefinition RequestTimeoutSeconds = new("requestTimeoutSeconds", "SIRIM_REQUEST_TIMEOUT_SECONDS", "10",
        "Timeout of one HTTP request, in seconds.");
    public static readonly SettingDefinition RunTimeoutSeconds = new("runTimeoutSeconds", "SIRIM_RUN_TIMEOUT_SECONDS", "3600",
        "Time bound of the whole run, in seconds (10 to 86400): when it is spent the gates still running are stopped, go_no_go.md is written with what ran (the rest NOT RUN, the run FAIL) and the test run exits non-zero.");
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
        "The critical routes the load sends and their weights: request templates (method, path, JSON body with placeholders such as {runId}, {n}, {uuid} or a setting key), the created id's JSON Pointer, the cleanup route and the list operation for the inventory (default: the gastos list by empresaId, login, one gasto created and deleted, the empresa's gastos listed before and after).", Gate: "load");
    public static readonly SettingDefinition LoadEmpresaId = new("loadEmpresaId", "SIRIM_LOAD_EMPRESA_ID", "1",
        "empresaId used by the load's routes ({empresaId} in routes.json); the verification user must see it.", Gate: "load");
    public static readonly SettingDefinition PoolSampleIntervalMs = new("poolSampleIntervalMs", "SIRIM_POOL_SAMPLE_INTERVAL_MS", "200",
        "Interval between two pg_stat_activity samples of the pool proof, in milliseconds.", Gate: "pool");
    public static readonly SettingDefinition DbAppUser = new("dbAppUser", "SIRIM_DB_APP_USER", "",
        "Database user of the API's pool; when set, pg_stat_activity rows are also filtered by it (usename).", Gate: "pool");
    public static readonly SettingDefinition DbStopCommand = new("dbStopCommand", "SIRIM_DB_STOP_COMMAND", null,
        "Shell command that stops the target's database (only where that is allowed, e.g. the reference target). With the start command it lets the smoke gate prove readiness depends on the database.",
        Gate: "smoke");
    public static readonly SettingDefinition DbStartCommand = new("dbStartCommand", "SIRIM_DB_START_COMMAND", null,
        "Shell command that starts the target's database again.", Gate: "smoke");
    public static readonly SettingDefinition TlsSkipVerify = new("tlsSkipVerify", "SIRIM_TLS_SKIP_VERIFY", "false",
        "true: accept self-signed certificates (the reference target's HTTPS endpoint). Never for real deployments.");
    public static readonly SettingDefinition RequiredGates = new("requiredGates", "SIRIM_REQUIRED_GATES", "smoke,contracts,security,e2e,load,pool",
        "Gates that must PASS for a GO in go_no_go.md.");
    public static readonly SettingDefinition BlockingSeverities = new("blockingSeverities", "SIRIM_BLOCKING_SEVERITIES", "critical,high,medium,low",
        "Finding severities that fail their gate (and so block a GO); a finding of another severity is shown and its gate passes ('passed with 2 low findings'). Must include critical; production/staging may use 'critical,high'.");
    public static readonly SettingDefinition AcceptedDeviationsFile = new("acceptedDeviationsFile", "SIRIM_ACCEPTED_DEVIATIONS_FILE", null,
        "JSON file of accepted deviations for this environment, e.g. runsettings/accepted-deviations/production.json: {\"deviations\":[{check, subject (pattern, * for any text), reason, owner, expires, gate?}]}. A matching finding is ACCEPTED DEVIATION (never blocking) until its expiry, then blocks again; an entry that matched nothing is listed as stale. Empty: none.");
    public static readonly SettingDefinition PreviousRunDir = new("previousRunDir", "SIRIM_PREVIOUS_RUN_DIR", null,
        "Evidence folder of the previous run to compare findings with (new / gone / persisting in go_no_go.md) and to take the Allure history from. Empty: the latest earlier run under reportsDir/<environment>/ that wrote findings.json.");

    public static readonly SettingDefinition ErrorSchemaFile = new("errorSchemaFile", "SIRIM_ERROR_SCHEMA_FILE", "contracts/problem-details.schema.json",
        "JSON Schema of the one error shape every error response must have (default RFC 9457 problem details).", Gate: "contracts");
    public static readonly SettingDefinition ErrorMediaType = new("errorMediaType", "SIRIM_ERROR_MEDIA_TYPE", "application/problem+json",
        "Media type every error response must carry.", Gate: "contracts");
    public static readonly SettingDefinition ContractsExclusions = new("contractsExclusions", "SIRIM_CONTRACTS_EXCLUDE", "",
        "Cases deliberately not exercised, each with its reason: 'METHOD /path case: reason; ...' (* for any). Anything else not exercised fails the coverage matrix.",
        Gate: "contracts");
    public static readonly SettingDefinition ContractsBodyLimitBytes = new("contractsBodyLimitBytes", "SIRIM_CONTRACTS_BODY_LIMIT_BYTES", "1048576",
        "The API's request body size limit; the body_too_large case sends one byte more and expects 413.", Gate: "contracts");
    public static readonly SettingDefinition ContractsConcurrency = new("contractsConcurrency", "SIRIM_CONTRACTS_CONCURRENCY", "4",
        "How many contract requests to independent operations run at the same time.", Gate: "contracts");
    public static readonly SettingDefinition ContractsInjectionPayloads = new("contractsInjectionPayloads", "SIRIM_CONTRACTS_INJECTION_PAYLOADS", "9",
        "How many injection-shaped values (quotes, ' OR '1'='1, ; DROP TABLE, {\"$ne\": null}, ../, NUL, Unicode, a text at maxLength) the injection case sends per string parameter or body field (1 to 9; in the order listed).",
        Gate: "contracts");
    public static readonly SettingDefinition CleanupMaxAttempts = new("cleanupMaxAttempts", "SIRIM_CLEANUP_MAX_ATTEMPTS", "3",
        "How many times the cleanup of the contracts, E2E, load and authz gates sends DELETE for a resource the run created and reads it back (GET answered 404/410 = gone) before reporting it left behind (1 to 10).",
        Gate: "contracts");
    public static readonly SettingDefinition InventoryMaxPages = new("inventoryMaxPages", "SIRIM_INVENTORY_MAX_PAGES", "10",
        "How many pages of each collection the run wrote to the inventory lists before the first write and after the cleanup, to find items of the run left behind (1 to 100); also bounds the load's inventory (the write routes' inventory in loadRoutesFile).",
        Gate: "contracts");
    public static readonly SettingDefinition InventoryPageParameter = new("inventoryPageParameter", "SIRIM_INVENTORY_PAGE_PARAMETER", "page",
        "The query parameter of a list operation that selects the page (1, 2, …); a list operation without it is listed once.",
        Gate: "contracts");
    // ---- security gate ----
    public static readonly SettingDefinition ApiHttpUrl = new("apiHttpUrl", "SIRIM_API_HTTP_URL", null,
        "Plain-HTTP URL of the API when it is served over HTTPS; the security gate checks it redirects to HTTPS.", Gate: "security");
    public static readonly SettingDefinition SecurityExtraOrigins = new("securityExtraOrigins", "SIRIM_SECURITY_EXTRA_ORIGINS", "",
        "Comma-separated origins (scheme://host[:port]) a CSP may name besides the API and frontend origins (a CDN, an identity provider).", Gate: "security");
    public static readonly SettingDefinition SecurityHstsMinMaxAge = new("securityHstsMinMaxAge", "SIRIM_SECURITY_HSTS_MIN_MAX_AGE", "31536000",
        "Smallest accepted HSTS max-age, in seconds (default one year).", Gate: "security");
    public static readonly SettingDefinition SecurityPermissionsDenied = new("securityPermissionsDenied", "SIRIM_SECURITY_PERMISSIONS_DENIED", "camera,microphone,geolocation,payment,usb",
        "Powerful features the Permissions-Policy must switch off (feature=()).", Gate: "security");
    public static readonly SettingDefinition SecurityFrontendPaths = new("securityFrontendPaths", "SIRIM_SECURITY_FRONTEND_PATHS", "/,/index.html",
        "Frontend pages whose headers and CSP are checked.", Gate: "security");
    public static readonly SettingDefinition SecurityCorsPath = new("securityCorsPath", "SIRIM_SECURITY_CORS_PATH", "/api/me",
        "API route the CORS probes are sent to.", Gate: "security");
    public static readonly SettingDefinition SecurityCorsMethods = new("securityCorsMethods", "SIRIM_SECURITY_CORS_METHODS", "GET,POST,PUT,DELETE",
        "Methods the frontend needs: a preflight from its origin must allow each.", Gate: "security");
    public static readonly SettingDefinition SecurityCorsHeaders = new("securityCorsHeaders", "SIRIM_SECURITY_CORS_HEADERS", "Authorization,Content-Type",
        "Request headers the frontend sends: the preflight must allow them.", Gate: "security");
    public static readonly SettingDefinition SecurityRateLimitProbe = new("securityRateLimitProbe", "SIRIM_SECURITY_RATE_LIMIT_PROBE", "false",
        "true: send a bounded burst of failing logins to prove the rate limit (locks the suite's address out for the window); false: not probed. Only true or false.", Gate: "security");
    public static readonly SettingDefinition SecurityRateLimitPath = new("securityRateLimitPath", "SIRIM_SECURITY_RATE_LIMIT_PATH", "{loginPath}",
        "Route of the rate-limit probe (POST).", Gate: "security");
    public static readonly SettingDefinition UnknownRoutePrefix = new("unknownRoutePrefix", "SIRIM_UNKNOWN_ROUTE_PREFIX", "/api",
        "Path prefix of the API's routes: the unknown-route probe asks for <prefix>/sirim-verification-not-found, so the API itself (not a proxy or the frontend) answers. Starts with '/'; '/' when the API's routes are at the root.", Gate: "security");
    public static readonly SettingDefinition SecurityRateLimitBody = new("securityRateLimitBody", "SIRIM_SECURITY_RATE_LIMIT_BODY",
        "{loginBody with bad credentials}",
        "JSON body of the rate-limit probe: bad credentials, so nothing is changed. Default: loginBody filled with rate-limit-probe@sirim.invalid / not-the-password.", Gate: "security");
    public static readonly SettingDefinition SecurityRateLimit = new("securityRateLimit", "SIRIM_SECURITY_RATE_LIMIT", "10",
        "Requests the probe route allows per window (the reference target's SIRIM_REF_LOGIN_FAILURE_LIMIT); the burst sends at most 5 more.", Gate: "security");
    public static readonly SettingDefinition SecurityRateLimitMaxWaitSeconds = new("securityRateLimitMaxWaitSeconds", "SIRIM_SECURITY_RATE_LIMIT_MAX_WAIT_SECONDS", "120",
        "Longest Retry-After the gate waits for before checking the route recovers.", Gate: "security");
    public static readonly SettingDefinition SecurityBodyLimitBytes = new("securityBodyLimitBytes", "SIRIM_SECURITY_BODY_LIMIT_BYTES", "65536",
        "The API's request body limit: a body 1 KiB under it is accepted, 1 KiB over gets 413 JSON. 0 skips the probe.", Gate: "security");
    public static readonly SettingDefinition SecurityBodyLimitPath = new("securityBodyLimitPath", "SIRIM_SECURITY_BODY_LIMIT_PATH", "{loginPath}",
        "Route of the body-limit probe (POST of a JSON object without the fields it needs, so nothing is changed).", Gate: "security");
    public static readonly SettingDefinition JwtIssuer = new("jwtIssuer", "SIRIM_JWT_ISSUER", "{from the suite's token}",
        "Issuer the API accepts; crafted tokens use it (or a wrong one). Default: read from the token the suite logs in with.", Gate: "security");
    public static readonly SettingDefinition JwtAudience = new("jwtAudience", "SIRIM_JWT_AUDIENCE", "{from the suite's token}",
        "Audience the API accepts. Default: read from the token the suite logs in with.", Gate: "security");
    public static readonly SettingDefinition JwtSigningSecret = new("jwtSigningSecret", "JWT_SECRET", null,
        "The API's HS256 secret (secret: environment only; reference target and staging only). With it the expired / wrong-audience / wrong-issuer tokens carry a valid signature, which proves those claims are checked.",
        IsSecret: true, Gate: "security");
    public static readonly SettingDefinition JwtWeakSecrets = new("jwtWeakSecrets", "SIRIM_JWT_WEAK_SECRETS",
        "secret,change-me,changeme,password,your-256-bit-secret,secretkey,jwt-secret,jwtsecret,mysecret,supersecret,123456,admin",
        "Publicly known weak HS256 secrets: a token signed with any of them must be refused.", Gate: "security");
    public static readonly SettingDefinition ChromiumPath = new("chromiumPath", "SIRIM_CHROMIUM_PATH", "/usr/bin/chromium",
        "Chromium executable the E2E gate drives through Playwright (Debian: apt-get install -y chromium).", Gate: "e2e");
    public static readonly SettingDefinition E2ERetries = new("e2eRetries", "SIRIM_E2E_RETRIES", "0",
        "Extra attempts of a failed E2E flow; a flow that passes only on a retry is reported as flaky, not hidden.", Gate: "e2e");
    public static readonly SettingDefinition E2EActionTimeoutSeconds = new("e2eActionTimeoutSeconds", "SIRIM_E2E_ACTION_TIMEOUT_SECONDS", "10",
        "Timeout of one browser action or wait (click, fill, element visible), in seconds.", Gate: "e2e");
    public static readonly SettingDefinition ExpectedVersion = new("expectedVersion", "SIRIM_EXPECTED_VERSION", null,
        "Release version the frontend must show (footer #app-version); unset: the version is only recorded.", Gate: "e2e");
    public static readonly SettingDefinition E2EPageMap = new("e2ePageMap", "SIRIM_E2E_PAGE_MAP", "scenarios/e2e/page-map.json",
        "Page map of the E2E flows (relative to the repository root, or absolute): selectors by role, token storage, UI number and date formats, test data and API routes (scenarios/e2e/README.md).",
        Gate: "e2e");
    public static readonly SettingDefinition E2EXssPayloads = new("e2eXssPayloads", "SIRIM_E2E_XSS_PAYLOADS", "scenarios/e2e/xss-payloads.json",
        "Stored XSS payloads of the E2E flow stored_xss (relative to the repository root, or absolute): markup and script templates with {id} and {marker}, written into every free-text field the flow knows (scenarios/e2e/stored_xss.md).",
        Gate: "e2e");
    public static readonly SettingDefinition FrontendManifest = new("frontendManifest", "SIRIM_FRONTEND_MANIFEST", null,
        "Manifest of the released frontend build (JSON from 'sirim-verify frontend-manifest') or the build folder itself; unset: the integrity gate is NOT RUN.",
        Gate: "integrity");
    public static readonly SettingDefinition FrontendRuntimeFiles = new("frontendRuntimeFiles", "SIRIM_FRONTEND_RUNTIME_FILES", "config.json",
        "Comma-separated frontend paths that are deployment configuration, not part of the immutable build (ignored by the integrity gate).",
        Gate: "integrity");
    // ---- authorization gate ----
    public static readonly SettingDefinition AuthzUsername = new("authzUsername", "SIRIM_AUTHZ_USERNAME", null,
        "Login of the second identity the authorization gate probes with (a user of the target with fewer rights than the verification user). Without it (or its password) the authz gate is NOT RUN.",
        Gate: "authz");
    public static readonly SettingDefinition AuthzPassword = new("authzPassword", "SIRIM_AUTHZ_PASSWORD", null,
        "Password of the second identity (secret: environment only).", IsSecret: true, Gate: "authz");
    public static readonly SettingDefinition AuthzRole = new("authzRole", "SIRIM_AUTHZ_ROLE", "lector",
        "Role of the second identity (admin, contador, lector, ...), shown in the authorization matrix.", Gate: "authz");
    public static readonly SettingDefinition AuthzReadOnly = new("authzReadOnly", "SIRIM_AUTHZ_READ_ONLY", "true",
        "true: the second identity may only read, so every create, update and delete it attempts must be refused (function level).", Gate: "authz");
    public static readonly SettingDefinition AuthzForeignEmpresaId = new("authzForeignEmpresaId", "SIRIM_AUTHZ_FOREIGN_EMPRESA_ID", null,
        "An empresa the verification user sees and the second identity is not mapped to (object level); required with the second identity.", Gate: "authz");
    public static readonly SettingDefinition AuthzOwnEmpresaId = new("authzOwnEmpresaId", "SIRIM_AUTHZ_OWN_EMPRESA_ID", "1",
        "An empresa both identities see: the second identity's write attempts (function level) target it.", Gate: "authz");
    public static readonly SettingDefinition AuthzGastosPath = new("authzGastosPath", "SIRIM_AUTHZ_GASTOS_PATH", "/api/gastos",
        "Collection route of the probed resource: POST creates one, GET with authzListQuery lists an empresa's.", Gate: "authz");
    public static readonly SettingDefinition AuthzListQuery = new("authzListQuery", "SIRIM_AUTHZ_LIST_QUERY", "empresaId={empresaId}",
        "Query of the list by empresa ({empresaId} is replaced).", Gate: "authz");
    public static readonly SettingDefinition AuthzGastoPath = new("authzGastoPath", "SIRIM_AUTHZ_GASTO_PATH", "/api/gastos/{id}",
        "Route of one resource: GET reads, PUT updates, DELETE deletes ({id} is replaced).", Gate: "authz");
    public static readonly SettingDefinition AuthzGastoBody = new("authzGastoBody", "SIRIM_AUTHZ_GASTO_BODY",
        "{\"empresaId\":{empresaId},\"fecha\":\"2025-06-15\",\"concepto\":\"sirim-verification authz {runId}\",\"monto\":123.45,\"categoria\":\"otros\"}",
        "JSON body of a create or update ({empresaId} and {runId} are replaced; the run id tags what the gate creates).", Gate: "authz");
    public static readonly SettingDefinition AuthzIdPointer = new("authzIdPointer", "SIRIM_AUTHZ_ID_POINTER", "/id",
        "RFC 6901 JSON Pointer of the new resource's id in the create answer (and of each item's id in a list).", Gate: "authz");
    public static readonly SettingDefinition AuthzServerFields = new("authzServerFields", "SIRIM_AUTHZ_SERVER_FIELDS", "id,createdAt,updatedAt,createdBy,ownerId,role",
        "Comma-separated field names the server alone sets, besides the properties the contract marks readOnly: the mass-assignment probe sends them in a create and an update and expects them ignored or refused.",
        Gate: "authz");
    public static readonly SettingDefinition AuthzSecretFieldNames = new("authzSecretFieldNames", "SIRIM_AUTHZ_SECRET_FIELD_NAMES",
        "password,passwd,passwordHash,hash,secret,salt,apiKey,privateKey,token,accessToken,refreshToken,connectionString",
        "Comma-separated field names no API answer may carry (case, '_' and '-' ignored; a name that ends with one matches, e.g. clientSecret). Checked in every JSON answer the authz gate receives, whatever the contract declares.",
        Gate: "authz");
    public static readonly SettingDefinition AuthzListPaging = new("authzListPaging", "SIRIM_AUTHZ_LIST_PAGING", "page={page}&pageSize=10",
        "Query added to the empresa list to walk it page by page ({page} is replaced by 1, 2, …; at most inventoryMaxPages pages).", Gate: "authz");
    public static readonly SettingDefinition AuthzListTotalPointer = new("authzListTotalPointer", "SIRIM_AUTHZ_LIST_TOTAL_POINTER", "/total",
        "RFC 6901 JSON Pointer of the item count in a list answer (/meta/total for a wrapped list); empty: the list carries no total.",
        Gate: "authz", EmptyIsAValue: true);
    public static readonly SettingDefinition AuthzListFilterPointer = new("authzListFilterPointer", "SIRIM_AUTHZ_LIST_FILTER_POINTER", "/empresaId",
        "RFC 6901 JSON Pointer, inside each list item, of the value the list's empresa filter selects on (every item must carry the empresa asked for).",
        Gate: "authz");
    public static readonly SettingDefinition CanaryUrl = new("canaryUrl", "SIRIM_CANARY_URL", null,
        "Base URL of the canary (or green) deployment. Without it the canary gate is NOT RUN.", Gate: "canary");
    public static readonly SettingDefinition CanaryBaselineUrl = new("canaryBaselineUrl", "SIRIM_CANARY_BASELINE_URL", "{apiBaseUrl}",
        "Base URL of the baseline (blue, current) deployment the canary is compared with.", Gate: "canary");
    public static readonly SettingDefinition CanaryProbePaths = new("canaryProbePaths", "SIRIM_CANARY_PROBE_PATHS", "{readinessPath},/api/version",
        "Comma-separated read-only GET routes probed on both deployments, interleaved.", Gate: "canary");
    public static readonly SettingDefinition CanaryRequests = new("canaryRequests", "SIRIM_CANARY_REQUESTS", "200",
        "Probe requests per deployment (after a short warm-up that is not measured).", Gate: "canary");
    public static readonly SettingDefinition CanaryConcurrency = new("canaryConcurrency", "SIRIM_CANARY_CONCURRENCY", "2",
        "Probe workers; each sends one baseline and one canary request per round, in alternating order.", Gate: "canary");
    public static readonly SettingDefinition CanaryMaxSeconds = new("canaryMaxSeconds", "SIRIM_CANARY_MAX_SECONDS", "120",
        "Upper bound of the probe phase in seconds; the comparison uses what was measured until then.", Gate: "canary");
    public static readonly SettingDefinition CanaryRules = new("canaryRules", "SIRIM_CANARY_RULES", "p95 <= +10%; error_rate <= +50%; 5xx <= +0",
        "Canary rules against the baseline, plus optional 'p99 <= +N%', 'alpha = 0.01', 'latency_floor = 5ms', 'min_samples = 30'.", Gate: "canary");
    public static readonly SettingDefinition RollbackCommand = new("rollbackCommand", "SIRIM_ROLLBACK_COMMAND", null,
        "Shell command run once (/bin/sh -c) when the canary verdict is ROLLBACK, never on PROMOTE or INCONCLUSIVE; its exit code and redacted output go to rollback_event.md. Unset: rollback_event.md only.",
        Gate: "canary");
    public static readonly SettingDefinition RollbackTimeoutSeconds = new("rollbackTimeoutSeconds", "SIRIM_ROLLBACK_TIMEOUT_SECONDS", "120",
        "Upper bound of the rollback command in seconds (1 to 3600); a command still running then is killed and recorded as timed out.", Gate: "canary");
    public static readonly SettingDefinition RequiredSecrets = new("requiredSecrets", "SIRIM_REQUIRED_SECRETS", "",
        "Comma-separated environment variable names that must be set (values never shown). A missing one fails the presecrets gate and the load and pool gates do not run. Empty: presecrets NOT RUN.",
        Gate: "presecrets");
    public static readonly SettingDefinition ParityLeftFile = new("parityLeftFile", "SIRIM_PARITY_LEFT", null,
        "Environment file or listing of the first environment (e.g. dev.env) for the parity pre-gate (names compared, values never read into reports).", Gate: "parity");
    public static readonly SettingDefinition ParityRightFile = new("parityRightFile", "SIRIM_PARITY_RIGHT", null,
        "Environment file or listing of the second environment (e.g. prod.env) for the parity pre-gate.", Gate: "parity");
    public static readonly SettingDefinition SupplyChainSbom = new("supplyChainSbom", "SIRIM_SBOM_FILE", null,
        "SBOM of the release (CycloneDX JSON as Syft writes it, or SPDX 2.3 JSON). With the reports unset too the supply-chain gate is NOT RUN.",
        Gate: "supplychain");
    public static readonly SettingDefinition SupplyChainVulnReports = new("supplyChainVulnReports", "SIRIM_VULN_REPORTS", null,
        "Comma-separated vulnerability reports of the release (Trivy JSON or Grype JSON).", Gate: "supplychain");
    public static readonly SettingDefinition SupplyChainArtifact = new("supplyChainArtifact", "SIRIM_RELEASE_ARTIFACT", null,
        "The released artifact every SBOM and report must name: a digest 'sha256:<64 hex>' or 'name@version'. Unset: not checked.",
        Gate: "supplychain");
    public static readonly SettingDefinition SupplyChainReleaseTime = new("supplyChainReleaseTime", "SIRIM_RELEASE_TIME", null,
        "Release build time (ISO-8601 with offset, e.g. 2026-11-20T10:00:00Z): an SBOM or report made before it fails. Unset: not checked.",
        Gate: "supplychain");
    public static readonly SettingDefinition SupplyChainMaxReportAgeHours = new("supplyChainMaxReportAgeHours", "SIRIM_SUPPLY_CHAIN_MAX_REPORT_AGE_HOURS", null,
        "Oldest SBOM or report accepted, in hours before the run (1 to 8760). Unset: not checked.", Gate: "supplychain");
    public static readonly SettingDefinition SupplyChainBlockingSeverities = new("supplyChainBlockingSeverities", "SIRIM_SUPPLY_CHAIN_BLOCKING_SEVERITIES", "CRITICAL,HIGH",
        "Comma-separated severities that block the release unless accepted (CRITICAL, HIGH, MEDIUM, LOW, UNKNOWN).", Gate: "supplychain");
    public static readonly SettingDefinition SupplyChainAcceptedFile = new("supplyChainAcceptedFile", "SIRIM_ACCEPTED_VULNS", null,
        "JSON file of accepted vulnerabilities {\"accepted\":[{id, package, reason, owner, expires}]}; an expired acceptance blocks again, one that matched nothing is listed as stale.",
        Gate: "supplychain");
    public static readonly SettingDefinition FrontendBuildLeft = new("frontendBuildLeft", "SIRIM_FRONTEND_BUILD_LEFT", null,
        "First of two builds of the frontend from the same commit (folder, or manifest from 'sirim-verify frontend-manifest') compared for reproducibility. Unset: not checked.",
        Gate: "supplychain");
    public static readonly SettingDefinition FrontendBuildRight = new("frontendBuildRight", "SIRIM_FRONTEND_BUILD_RIGHT", null,
        "Second build of the frontend (folder or manifest) compared file by file with SHA-256 against frontendBuildLeft.", Gate: "supplychain");

    public static readonly SettingDefinition MetricsPath = new("metricsPath", "SIRIM_METRICS_PATH", "/metrics",
        "Route of the API's Prometheus metrics (text exposition format), scraped twice by the observability gate around a few known requests. Set explicitly empty when the deployment exposes none here: the metrics checks are NOT RUN, with that reason.",
        Gate: "observability", EmptyIsAValue: true);
    public static readonly SettingDefinition MetricsLatencyName = new("metricsLatencyName", "SIRIM_METRICS_LATENCY_NAME", "http_server_request_duration_seconds",
        "Metric family of the request latency; it must be a histogram or a summary.", Gate: "observability");
    public static readonly SettingDefinition MetricsRequestsName = new("metricsRequestsName", "SIRIM_METRICS_REQUESTS_NAME", "http_server_requests_total",
        "Counter of the requests served, labelled by status code (metricsStatusLabel); it must move while the gate sends its known requests.", Gate: "observability");
    public static readonly SettingDefinition MetricsStatusLabel = new("metricsStatusLabel", "SIRIM_METRICS_STATUS_LABEL", "status",
        "Label of the request counter that carries the HTTP status code.", Gate: "observability");
    public static readonly SettingDefinition MetricsPoolSizeName = new("metricsPoolSizeName", "SIRIM_METRICS_POOL_SIZE_NAME", "sirim_db_pool_max_connections",
        "Gauge of the API's database pool size (shown beside the pool gate's pg_stat_activity figure when that ran).", Gate: "observability");
    public static readonly SettingDefinition MetricsProbeRequests = new("metricsProbeRequests", "SIRIM_METRICS_PROBE_REQUESTS", "5",
        "GET requests to the readiness route sent between the two scrapes (1 to 100); the request counter must grow by at least as many.", Gate: "observability");
    public static readonly SettingDefinition AlertRulesFile = new("alertRulesFile", "SIRIM_ALERT_RULES_FILE", null,
        "Prometheus alerting rules of the release (YAML), validated with 'promtool check rules' and required to hold a p95-latency and a 5xx-rate rule. Unset: the alert-rule checks are NOT RUN.",
        Gate: "observability");
    public static readonly SettingDefinition RestartCommand = new("restartCommand", "SIRIM_RESTART_COMMAND", null,
        "Shell command (/bin/sh -c) that restarts the API once; afterwards liveness and readiness must both answer 200 within restartReadySeconds and stay 200. Unset: NOT RUN. Never run when readOnly is true unless restartInReadOnly is true.",
        Gate: "observability");
    public static readonly SettingDefinition RestartTimeoutSeconds = new("restartTimeoutSeconds", "SIRIM_RESTART_TIMEOUT_SECONDS", "120",
        "Upper bound of the restart command in seconds (1 to 3600); a command still running then is killed and the check fails.", Gate: "observability");
    public static readonly SettingDefinition RestartReadySeconds = new("restartReadySeconds", "SIRIM_RESTART_READY_SECONDS", "60",
        "How long after the restart command liveness and readiness may take to both answer 200, in seconds (1 to 600).", Gate: "observability");
    public static readonly SettingDefinition RestartStableProbes = new("restartStableProbes", "SIRIM_RESTART_STABLE_PROBES", "5",
        "Probes of liveness and readiness after both are back that must all answer 200 (1 to 100).", Gate: "observability");
    public static readonly SettingDefinition RestartInReadOnly = new("restartInReadOnly", "SIRIM_RESTART_IN_READ_ONLY", "false",
        "true: the restart command runs even when readOnly is true (production), for a change window that allows it.", Gate: "observability");
    public static readonly SettingDefinition RequestIdHeader = new("requestIdHeader", "SIRIM_REQUEST_ID_HEADER", "X-Request-Id",
        "Response header carrying the request id; a request id the client sends in it must come back unchanged.", Gate: "observability");
    public static readonly SettingDefinition RequestIdPaths = new("requestIdPaths", "SIRIM_REQUEST_ID_PATHS", "{livenessPath},{readinessPath},/api/version,/api/gastos",
        "Anonymous GET routes whose answers (errors included: /api/gastos without a token is a 401) must carry the request id.", Gate: "observability");

    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        Environment, ApiBaseUrl, FrontendBaseUrl, ContractFile, OpenApiUrl, LoginPath, Username, Password, Token,
        DbMonitorConnection, DbApplicationName, ExpectedPoolSize, LoadAllowedHosts, ReadOnly, SmokeRepeat,
        LoginBody, LoginTokenPointer, LivenessPath, ReadinessPath, SmokeBadInputPath,
        RequestTimeoutSeconds, RunTimeoutSeconds, ReportsDir, RunId, P95Budget, ErrorRateBudget, P99Budget, LoadProfiles, PoolProfile,
        LoadRoutesFile, LoadEmpresaId, PoolSampleIntervalMs, DbAppUser, DbStopCommand, DbStartCommand,
        TlsSkipVerify, RequiredGates, BlockingSeverities, AcceptedDeviationsFile, PreviousRunDir,
        ErrorSchemaFile, ErrorMediaType, ContractsExclusions, ContractsBodyLimitBytes, ContractsConcurrency, ContractsInjectionPayloads,
        CleanupMaxAttempts, InventoryMaxPages, InventoryPageParameter,
        ApiHttpUrl, SecurityExtraOrigins, SecurityHstsMinMaxAge, SecurityPermissionsDenied, SecurityFrontendPaths,
        SecurityCorsPath, SecurityCorsMethods, SecurityCorsHeaders, SecurityRateLimitProbe, SecurityRateLimitPath, UnknownRoutePrefix,
        SecurityRateLimitBody, SecurityRateLimit, SecurityRateLimitMaxWaitSeconds, SecurityBodyLimitBytes, SecurityBodyLimitPath,
        JwtIssuer, JwtAudience, JwtSigningSecret, JwtWeakSecrets,
        ChromiumPath, E2ERetries, E2EActionTimeoutSeconds, ExpectedVersion, E2EPageMap, E2EXssPayloads, FrontendManifest,
        FrontendRuntimeFiles,
        AuthzUsername, AuthzPassword, AuthzRole, AuthzReadOnly, AuthzForeignEmpresaId, AuthzOwnEmpresaId, AuthzGastosPath,
        AuthzListQuery, AuthzGastoPath, AuthzGastoBody, AuthzIdPointer,
        AuthzServerFields, AuthzSecretFieldNames, AuthzListPaging, AuthzListTotalPointer, AuthzListFilterPointer,
        CanaryUrl, CanaryBaselineUrl, CanaryProbePaths, CanaryRequests, CanaryConcurrency, CanaryMaxSeconds, CanaryRules,
        RollbackCommand, RollbackTimeoutSeconds,
        RequiredSecrets, ParityLeftFile, ParityRightFile,
        SupplyChainSbom, SupplyChainVulnReports, SupplyChainArtifact, SupplyChainReleaseTime, SupplyChainMaxReportAgeHours,
        SupplyChainBlockingSeverities, SupplyChainAcceptedFile, FrontendBuildLeft, FrontendBuildRight,
        MetricsPath, MetricsLatencyName, MetricsRequestsName, MetricsStatusLabel, MetricsPoolSizeName, MetricsProbeRequests,
        AlertRulesFile, RestartCommand, RestartTimeoutSeconds, RestartReadySeconds, RestartStableProbes, RestartInReadOnly,
        RequestIdHeader, RequestIdPaths,
    ];
}
