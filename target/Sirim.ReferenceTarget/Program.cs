// The embedded reference target: a small, production-like stand-in for SIRIM (REST API on PostgreSQL plus
// a static frontend on its own origin, or on the API origin in the alt convention profile). Configuration comes from
// environment variables only; see target/README.md for the full list.
// Exit codes: 0 normal stop, 1 database unusable at start, 2 bad configuration.
// 'dotnet Sirim.ReferenceTarget.dll --frontend-build DIR' writes the frontend build of the profile named by
// SIRIM_REF_PROFILE into DIR (for the integrity manifest) and exits, without starting anything.

using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Sirim.ReferenceTarget.Api;
using Sirim.ReferenceTarget.Auth;
using Sirim.ReferenceTarget.Configuration;
using Sirim.ReferenceTarget.Data;
using Sirim.ReferenceTarget.Defects;
using Sirim.ReferenceTarget.Http;

const string Me = "sirim-reference-target";

if (args is ["--frontend-build", var buildDir])
{
    var profileName = Environment.GetEnvironmentVariable("SIRIM_REF_PROFILE");
    var buildProfile = ConventionProfile.Find(profileName);
    if (buildProfile is null)
        return Fail(2, $"invalid configuration: SIRIM_REF_PROFILE '{profileName!.Trim()}' is not a profile; use " +
                       string.Join(" or ", ConventionProfile.All.Select(p => p.Name)) + " (empty: standard)");
    var destination = Path.GetFullPath(buildDir);
    try
    {
        var built = FrontendBuild.Write(buildProfile, FrontendBuild.StandardRoot, destination);
        Console.Out.WriteLine($"{Me}: frontend build of profile {buildProfile.Name}: {built.Count} files in {destination}");
        return 0;
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
    {
        return Fail(2, $"cannot write the {buildProfile.Name} frontend build to {destination}: {ex.Message}");
    }
}

var (options, errors) = ReferenceTargetOptions.FromEnvironment(Environment.GetEnvironmentVariable);
if (options is null) return Fail(2, "invalid configuration: " + string.Join("; ", errors));

var catalogueFile = Path.Combine(AppContext.BaseDirectory, "defects.json");
if (!File.Exists(catalogueFile)) return Fail(2, $"defect catalogue missing: {catalogueFile}");
var (defects, defectError) = ActiveDefects.Load(File.ReadAllText(catalogueFile), options.Defect);
if (defects is null) return Fail(2, defectError!);
foreach (var required in new[] { Path.Combine(AppContext.BaseDirectory, options.Profile.ContractFile), Path.Combine(FrontendSite.Root, "index.html") })
    if (!File.Exists(required)) return Fail(2, $"build output incomplete: {required} is missing");
// A profile with its own frontend build (alt) writes it next to the dll before anything is served from it.
var frontendRoot = FrontendBuild.Root(options.Profile);
if (frontendRoot != FrontendBuild.StandardRoot)
{
    try { FrontendBuild.Write(options.Profile, FrontendBuild.StandardRoot, frontendRoot); }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
    {
        return Fail(2, $"cannot write the {options.Profile.Name} frontend build to {frontendRoot}: {ex.Message}");
    }
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // Always production behaviour: no developer exception page, whatever ASPNETCORE_ENVIRONMENT says.
    EnvironmentName = Environments.Production,
    ContentRootPath = AppContext.BaseDirectory,
});

builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
    o.UseUtcTimestamp = true;
});
// The request path must never wait on a slow log reader: when the queue is full, lines are dropped.
builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o =>
{
    o.QueueFullMode = Microsoft.Extensions.Logging.Console.ConsoleLoggerQueueFullMode.DropWrite;
    o.MaxQueueLength = 10_000;
});
builder.Logging.SetMinimumLevel(LogLevel.Information);
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);

var clock = TimeProvider.System;
var certificate = options.HttpsUrl is null ? null : SelfSignedCertificate.Create(clock);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    // The configured limit; the body-limit defects change it per request (see BodyLimit below).
    kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
    Listen(kestrel, options.ApiUrl, null);
    if (!options.Profile.FrontendOnApiOrigin) Listen(kestrel, options.FrontendUrl, null);
    if (options.HttpsUrl is not null) Listen(kestrel, options.HttpsUrl, l => l.UseHttps(certificate!));
});

var tokens = new TokenIssuer(options, clock);
builder.Services.AddSingleton(options);
builder.Services.AddSingleton(defects);
builder.Services.AddSingleton(clock);
builder.Services.AddSingleton(tokens);
builder.Services.AddSingleton(new HttpMetrics(options.Version, () => defects.Active?.Id, options.PoolSize));
builder.Services.AddSingleton(new LoginThrottle(options.LoginFailureLimit,
    TimeSpan.FromSeconds(options.LoginFailureWindowSeconds), clock));
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(
    // SEEDED DEFECT pool_size_10: the effective pool is 10 whatever the configuration (and the start-up log) says.
    defects.Is(DefectIds.PoolSize10)
        ? new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString()) { MaxPoolSize = 10 }.ConnectionString
        : options.EffectiveConnectionString()));

// Readable JSON (accented names stay as they are); responses are JSON documents, never embedded in HTML.
builder.Services.ConfigureHttpJsonOptions(json =>
    json.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);

// Our writer first: problem+json for every error, whatever the Accept header.
builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
builder.Services.AddProblemDetails();

// The CORS policy is built for the seeded defect switched on (once per defect, then reused): a running process's defect
// may change (the project's own tests switch it).
builder.Services.AddCors();
builder.Services.AddSingleton<ICorsPolicyProvider>(new SeededCorsPolicies(defects, () => SeededCorsOrigins(new CorsPolicyBuilder(), options, defects)
    // SEEDED DEFECT cors_preflight_missing_delete: the frontend's DELETE is not allowed cross-origin.
    .WithMethods(defects.Is(DefectIds.CorsPreflightMissingDelete) ? ["GET", "POST", "PUT"] : ["GET", "POST", "PUT", "DELETE"])
    .WithHeaders("Authorization", "Content-Type", RequestIdMiddleware.HeaderName)
    .WithExposedHeaders(RequestIdMiddleware.HeaderName)
    .SetPreflightMaxAge(TimeSpan.FromSeconds(600))
    .Build()));

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
{
    jwt.MapInboundClaims = false;
    jwt.TokenValidationParameters = SeededTokenValidation(tokens.ValidationParameters(), defects);
    jwt.Events = new JwtBearerEvents
    {
        // SEEDED DEFECTS jwt_alg_none_accepted, jwt_signature_not_checked: a token taken at its word, unvalidated.
        OnMessageReceived = context => SeededUnverifiedToken(context, defects),
        OnTokenValidated = context =>
        {
            var sub = context.Principal?.FindFirst("sub")?.Value;
            var role = context.Principal?.FindFirst("role")?.Value;
            if (!int.TryParse(sub, out _) || role is not ("admin" or "contador" or "lector"))
                context.Fail("the token has no valid subject or role");
            return Task.CompletedTask;
        },
        OnChallenge = async context =>
        {
            context.HandleResponse();
            var (detail, error) = DescribeTokenFailure(context);
            context.Response.Headers.WWWAuthenticate = error is null ? "Bearer" : $"Bearer error=\"{error}\"";
            // SEEDED DEFECT jwt_expired_forbidden: an expired token is refused as if the user lacked a permission (403),
            // so clients show "forbidden" instead of logging in again. Still refused: a wrong refusal, not an acceptance.
            var status = defects.Is(DefectIds.JwtExpiredForbidden) && context.AuthenticateFailure is SecurityTokenExpiredException
                ? StatusCodes.Status403Forbidden : StatusCodes.Status401Unauthorized;
            await Problems.WriteAsync(context.HttpContext, status, detail);
        },
    };
});
builder.Services.AddAuthorization();
// Nothing here needs persistent data-protection keys (bearer tokens only): keep them in memory, write no files.
builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();

var app = builder.Build();
var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sirim.ReferenceTarget");

// ---- Pipeline (order matters) ----
// The project's own tests switch the seeded defect without a restart (only with a control token; see DefectControl).
if (options.ControlToken is { } controlToken)
{
    var throttle = app.Services.GetRequiredService<LoginThrottle>();
    var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
    app.Use(DefectControl.Middleware(controlToken, defects, () => { throttle.Reset(); dataSource.Clear(); }, log));
}
app.Use(async (context, next) =>
{
    // SEEDED DEFECT stall_every_few_seconds: the whole server stalls for the first 1.5 s of every 5 s (as a
    // stop-the-world pause or a blocking job would): every request arriving then waits until the stall ends.
    if (defects.Is(DefectIds.StallEveryFewSeconds))
    {
        var phase = Environment.TickCount64 % 5000;
        if (phase < 1500) await Task.Delay(TimeSpan.FromMilliseconds(1500 - phase), context.RequestAborted);
    }
    await next(context);
});
app.UseMiddleware<RequestIdMiddleware>();
app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseMiddleware<RequestTelemetryMiddleware>();
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandler = async context =>
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, detail) = ClassifyException(error);
        if (status != StatusCodes.Status500InternalServerError)
            log.LogWarning("request failed with {Status}: {Reason} requestId={RequestId}", status,
                error is BadHttpRequestException ? "unreadable request" : DatabaseErrors.Describe(error!).Reason,
                context.TraceIdentifier);
        // SEEDED DEFECT stack_trace_in_500: the exception, stack trace included, goes into the problem.
        if (defects.Is(DefectIds.StackTraceIn500) && status == 500) detail = error?.ToString();
        await Problems.WriteAsync(context, status, detail);
    },
    // Expected failures (unreadable request, database down) get the one-line warning above, not a stack trace;
    // genuine 500s keep the full diagnostics in the server log (never in the response).
    SuppressDiagnosticsCallback = c => ClassifyException(c.Exception).Status != StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages(); // empty-bodied 4xx/5xx (404 no route, 405 wrong method, 403 forbid) → problem+json
// SEEDED DEFECT api_exits_after_first_gasto: once its first 201 to POST /api/gastos has been sent, the process is
// killed (SIGKILL, no shutdown) on the next request, as an OOM kill or a crash on a background thread would end it.
{
    var createdOne = 0;
    app.Use(async (context, next) =>
    {
        if (!defects.Is(DefectIds.ApiExitsAfterFirstGasto))
        {
            await next(context);
            return;
        }
        if (Volatile.Read(ref createdOne) == 1) System.Diagnostics.Process.GetCurrentProcess().Kill();
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals("/api/gastos", StringComparison.OrdinalIgnoreCase))
            context.Response.OnCompleted(() =>
            {
                if (context.Response.StatusCode == StatusCodes.Status201Created) Volatile.Write(ref createdOne, 1);
                return Task.CompletedTask;
            });
        await next(context);
    });
}
app.Use(async (context, next) =>
{
    // SEEDED DEFECTS body_limit_missing / body_limit_too_small: no server-side body limit at all / a limit of 16 KiB,
    // below the one configured. Set on the request before anything reads its body.
    var bodyLimit = BodyLimit(options, defects);
    if (bodyLimit != options.MaxBodyBytes && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        limit.MaxRequestBodySize = bodyLimit;
    // Refuse a declared oversized body before any work; bodies without Content-Length hit the limit above.
    if (bodyLimit is { } maxBody && context.Request.ContentLength > maxBody)
    {
        // SEEDED DEFECT body_limit_413_html: the limit holds but answers an HTML page.
        if (defects.Is(DefectIds.BodyLimit413Html))
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync("<html><body><h1>413 Request Entity Too Large</h1></body></html>");
            return;
        }
        await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge,
            $"The request body ({context.Request.ContentLength} bytes) exceeds the limit of {maxBody} bytes.");
        return;
    }
    await next(context);
});
app.Use(CanaryDefects.Middleware(defects, options.Profile.ReadinessPath)); // no-op unless a canary defect is switched on
if (!options.Profile.FrontendOnApiOrigin)
    app.MapWhen(context => context.Connection.LocalPort == options.FrontendUrl.Port,
        site => FrontendSite.Configure(site, options, log));
// SEEDED DEFECT http_no_redirect: plain HTTP is served as it is instead of being sent to HTTPS.
if (options.HttpsUrl is { } httpsUrl)
{
    var httpsOrigin = ReferenceTargetOptions.Origin(httpsUrl);
    app.Use((context, next) =>
    {
        if (context.Request.IsHttps || defects.Is(DefectIds.HttpNoRedirect)) return next(context);
        context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
        context.Response.Headers.Location = httpsOrigin + context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        return Task.CompletedTask;
    });
}
// The frontend on the API origin (alt profile): every path the API does not keep, after the HTTPS redirect.
if (options.Profile.FrontendOnApiOrigin)
    app.MapWhen(context => !FrontendSite.IsApiPath(context.Request.Path, options.Profile),
        site => FrontendSite.Configure(site, options, log));
app.Use((context, next) =>
{
    // CORS answers differ by Origin: caches must key on it even with a single allowed origin.
    context.Response.OnStarting(() =>
    {
        var vary = context.Response.Headers.Vary.ToString();
        if (!vary.Contains("Origin", StringComparison.OrdinalIgnoreCase))
            context.Response.Headers.Vary = vary.Length == 0 ? "Origin" : vary + ", Origin";
        return Task.CompletedTask;
    });
    return next(context);
});
app.UseCors();
app.UseRouting();
app.Use(RequestTelemetryMiddleware.CaptureRoute);
app.Use(async (context, next) =>
{
    var active = context.RequestServices.GetRequiredService<ActiveDefects>();
    // SEEDED DEFECT contracts_wrong_method_404: a method the path does not support answers 404 instead of 405.
    if (active.Is(DefectIds.WrongMethod404) && context.GetEndpoint()?.DisplayName == "405 HTTP Method Not Supported")
    {
        await Problems.WriteAsync(context, StatusCodes.Status404NotFound);
        return;
    }
    // SEEDED DEFECT contracts_error_html: a path no route matches answers an HTML 404 page.
    if (active.Is(DefectIds.ErrorHtml) && context.GetEndpoint() is null)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync("<html><body><h1>404 Not Found</h1></body></html>");
        return;
    }
    // SEEDED DEFECT contracts_users_ignore_missing_token: GET /api/users without a token answers 200 [].
    if (active.Is(DefectIds.UsersIgnoreMissingToken) && context.Request.Path == "/api/users" && string.IsNullOrEmpty(context.Request.Headers.Authorization))
    {
        await context.Response.WriteAsJsonAsync(Array.Empty<object>());
        return;
    }
    await next(context);
});
app.UseAuthentication();
app.UseAuthorization();

OperationsEndpoints.Map(app, options.Profile);
var api = app.MapGroup("/api").RequireAuthorization();
AuthEndpoints.Map(app, api, options.Profile);
EmpresaEndpoints.Map(api);
GastoEndpoints.Map(api);
UserEndpoints.Map(api);

// ---- Start ----
var pool = new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString());
log.LogInformation("convention profile: {Profile}", options.Profile.Name);
log.LogInformation("db pool: max {PoolSize}, application_name {ApplicationName}", pool.MaxPoolSize, pool.ApplicationName ?? "(none)");
log.LogInformation("db target: {Host}:{Port}/{Database} as {User}", pool.Host, pool.Port, pool.Database, pool.Username);
if (defects.Active is { } active)
    log.LogWarning("SEEDED DEFECT ACTIVE: {Id} (gate {Gate}): {Breaks}; must be caught by {CaughtBy}",
        active.Id, active.Gate, active.Breaks, active.CaughtBy);
else
    log.LogInformation("seeded defect: none");
if (certificate is not null)
    log.LogInformation("https: self-signed certificate {Subject}, sha256 {Thumbprint}", certificate.Subject,
        certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256));
log.LogInformation("release {Version}; api {Api}{Https}; frontend {Frontend}; cors {Origins}", options.Version,
    ReferenceTargetOptions.Origin(options.ApiUrl),
    options.HttpsUrl is null ? "" : " (redirects to " + ReferenceTargetOptions.Origin(options.HttpsUrl) + ")",
    ReferenceTargetOptions.Origin(options.FrontendUrl), string.Join(" ", options.AllowedOrigins));

// Start-up wiring that is built lazily (the token validation) is built now, so any seeded defect it reads is known as
// wired at start-up (ActiveDefects refuses to switch those without a restart).
_ = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
app.Lifetime.ApplicationStarted.Register(defects.EndStartup);

var setupError = await EnsureDatabaseAsync(app.Services.GetRequiredService<NpgsqlDataSource>(), options, log);
if (setupError is not null) return Fail(1, setupError);

try
{
    await app.RunAsync();
}
catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
{
    return Fail(1, $"cannot listen: {ex.Message}");
}
return 0;

// ---- Helpers ----

static int Fail(int code, string message)
{
    Console.Error.WriteLine($"{Me}: {message}");
    return code;
}

static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, Uri url,
    Action<Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions>? configure)
{
    configure ??= _ => { };
    if (url.Host == "localhost") kestrel.ListenLocalhost(url.Port, configure);
    else kestrel.Listen(IPAddress.Parse(url.Host.Trim('[', ']')), url.Port, configure);
}

static async Task<string?> EnsureDatabaseAsync(NpgsqlDataSource db, ReferenceTargetOptions options, ILogger log)
{
    // The database may still be starting: retry for a bounded time (at most 20 attempts within 15 s).
    using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
    string reason = "no attempt made";
    for (var attempt = 1; attempt <= 20 && !deadline.IsCancellationRequested; attempt++)
    {
        try
        {
            var result = await DatabaseSetup.EnsureAsync(db, options.SeedPassword, deadline.Token);
            log.LogInformation("db schema ready; {Seed}", result.Seeded
                ? "seeded 3 users, 3 empresas, 60 gastos"
                : $"existing data kept ({result.PasswordsRefreshed} seed password(s) refreshed)");
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            var description = DatabaseErrors.Describe(ex);
            reason = description.Reason;
            if (!description.Retryable) break; // wrong credentials or a SQL error will not fix themselves
            log.LogWarning("db not usable yet (attempt {Attempt}): {Reason}", attempt, reason);
            db.Clear();
            try { await Task.Delay(TimeSpan.FromMilliseconds(500), deadline.Token); }
            catch (OperationCanceledException) { break; }
        }
    }
    return $"database not usable at start: {reason}; check SIRIM_REF_DB and that PostgreSQL is running";
}

// The allowed CORS origins, or the seeded CORS defects of the security gate.
static CorsPolicyBuilder SeededCorsOrigins(CorsPolicyBuilder policy, ReferenceTargetOptions options, ActiveDefects defects)
{
    var allowed = options.AllowedOrigins;
    // SEEDED DEFECT cors_reflect_any_origin: every origin is allowed (and echoed back).
    if (defects.Is(DefectIds.CorsReflectAnyOrigin)) return policy.SetIsOriginAllowed(_ => true);
    // SEEDED DEFECT cors_allow_null: the 'null' origin is allowed too.
    if (defects.Is(DefectIds.CorsAllowNull)) return policy.SetIsOriginAllowed(o => o == "null" || allowed.Contains(o));
    // SEEDED DEFECT cors_suffix_match: an origin is allowed when it ends with an allowed host:port.
    if (defects.Is(DefectIds.CorsSuffixMatch))
        return policy.SetIsOriginAllowed(o => allowed.Any(a => o.EndsWith(a[(a.IndexOf("://", StringComparison.Ordinal) + 3)..], StringComparison.OrdinalIgnoreCase)));
    return policy.WithOrigins([.. allowed]);
}

// The security gate's seeded token-validation defects: one rule of the validation switched off. Decided per token (the
// library's own rule otherwise), as a running process's defect may change (the project's own tests switch it).
static TokenValidationParameters SeededTokenValidation(TokenValidationParameters parameters, ActiveDefects defects)
{
    var standard = parameters.Clone();
    // SEEDED DEFECT jwt_lifetime_not_checked / jwt_audience_not_checked / jwt_issuer_not_checked.
    parameters.LifetimeValidator = (notBefore, expires, token, _) =>
    {
        if (!defects.Is(DefectIds.JwtLifetimeNotChecked)) Validators.ValidateLifetime(notBefore, expires, token, standard);
        return true;
    };
    parameters.AudienceValidator = (audiences, token, _) =>
    {
        if (!defects.Is(DefectIds.JwtAudienceNotChecked)) Validators.ValidateAudience(audiences, token, standard);
        return true;
    };
    parameters.IssuerValidator = (issuer, token, _) =>
        defects.Is(DefectIds.JwtIssuerNotChecked) ? issuer : Validators.ValidateIssuer(issuer, token, standard);
    return parameters;
}

// The API's body limit: the configured one, or what a seeded body-limit defect makes of it (null: none).
static long? BodyLimit(ReferenceTargetOptions options, ActiveDefects defects) =>
    defects.Is(DefectIds.BodyLimitMissing) ? null : defects.Is(DefectIds.BodyLimitTooSmall) ? 16 * 1024 : options.MaxBodyBytes;

// Accepts a token without checking its signature: with jwt_alg_none_accepted a token whose header says alg 'none',
// with jwt_signature_not_checked any token (tampered, or signed with any key). Otherwise tokens are validated normally.
static Task SeededUnverifiedToken(MessageReceivedContext context, ActiveDefects defects)
{
    var anySignature = defects.Is(DefectIds.JwtSignatureNotChecked);
    if (!anySignature && !defects.Is(DefectIds.JwtAlgNoneAccepted)) return Task.CompletedTask;
    var header = context.Request.Headers.Authorization.ToString();
    if (!header.StartsWith("Bearer ", StringComparison.Ordinal)) return Task.CompletedTask;
    var handler = new System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler { MapInboundClaims = false };
    var raw = header["Bearer ".Length..].Trim();
    if (!handler.CanReadToken(raw)) return Task.CompletedTask;
    var token = handler.ReadJwtToken(raw);
    if (!anySignature && !string.Equals(token.Header.Alg, "none", StringComparison.OrdinalIgnoreCase)) return Task.CompletedTask;
    context.Principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(token.Claims, "Bearer", "sub", "role"));
    context.Success();
    return Task.CompletedTask;
}

static (int Status, string? Detail) ClassifyException(Exception? error) => error switch
{
    BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
        ? null
        : "The request could not be read."),
    NpgsqlException or TimeoutException when DatabaseErrors.Describe(error).Unavailable =>
        (StatusCodes.Status503ServiceUnavailable, "The database is unavailable; retry later."),
    _ => (StatusCodes.Status500InternalServerError, null),
};

static (string Detail, string? Error) DescribeTokenFailure(JwtBearerChallengeContext context)
{
    if (context.AuthenticateFailure is null)
        return string.IsNullOrEmpty(context.Request.Headers.Authorization)
            ? (Problems.DefaultDetail(401), null)
            : ("The Authorization header must be 'Bearer <token>'.", "invalid_request");
    var reason = context.AuthenticateFailure switch
    {
        SecurityTokenExpiredException => "it has expired; log in again",
        SecurityTokenNotYetValidException => "it is not valid yet",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "its signature is invalid",
        SecurityTokenInvalidAlgorithmException => "its algorithm is not accepted (HS256 only)",
        SecurityTokenInvalidIssuerException => "its issuer is not accepted",
        SecurityTokenInvalidAudienceException => "its audience is not accepted",
        SecurityTokenNoExpirationException => "it has no expiry",
        SecurityTokenMalformedException or ArgumentException => "it is not a well-formed JWT",
        { } failure when failure.GetType() == typeof(Exception) => failure.Message, // our own OnTokenValidated checks
        _ => "it was rejected",
    };
    return ($"The access token is not accepted: {reason}.", "invalid_token");
}
