using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sirim.ReferenceTarget.Defects;

/// <summary>
/// The control route the project's own tests use to switch the seeded defect of a running process instead of
/// restarting it (a restart per defect is most of their time). It exists only when the process was started with
/// SIRIM_REF_CONTROL_TOKEN, and answers only a request carrying that token in <see cref="TokenHeader"/>; anything else
/// goes on through the pipeline as if the route did not exist.
/// <list type="bullet">
/// <item><c>GET /__reference/defect</c>: <c>{"defect": id|null, "readAtStartup": [...]}</c>.</item>
/// <item><c>PUT /__reference/defect</c> with <c>{"defect": id|null}</c>: 200 and the same document when switched; 409
/// <c>{"error": …}</c> when the process must be restarted instead (a defect its start-up wiring reads); 400 for an
/// unknown id or an unreadable body.</item>
/// </list>
/// A switch also runs <c>freshStart</c> (the target forgets the login throttle's failures and empties its database
/// pool, whose connections may have outlived a database restart), so the process behaves as freshly started with the
/// defect.
/// </summary>
public static class DefectControl
{
    public const string Path = "/__reference/defect";
    public const string TokenHeader = "X-Reference-Control";

    public static Func<HttpContext, RequestDelegate, Task> Middleware(string token, ActiveDefects defects, Action freshStart, ILogger log)
    {
        var expected = Encoding.UTF8.GetBytes(token);
        return async (context, next) =>
        {
            if (!context.Request.Path.Equals(Path, StringComparison.Ordinal)
                || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(context.Request.Headers[TokenHeader].ToString()), expected))
            {
                await next(context);
                return;
            }
            context.Response.Headers.CacheControl = "no-store";
            if (HttpMethods.IsGet(context.Request.Method))
            {
                await context.Response.WriteAsJsonAsync(State(defects));
                return;
            }
            if (!HttpMethods.IsPut(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            string? requested;
            try
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                requested = body.RootElement.GetProperty("defect") is { ValueKind: JsonValueKind.String } id ? id.GetString() : null;
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsJsonAsync(new { error = "expected {\"defect\": id or null}" });
                return;
            }
            if (defects.TrySwitch(requested) is { } refused)
            {
                context.Response.StatusCode = refused.StartsWith("unknown", StringComparison.Ordinal) ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
                await context.Response.WriteAsJsonAsync(new { error = refused });
                return;
            }
            freshStart();
            if (defects.Active is { } active)
                log.LogWarning("SEEDED DEFECT ACTIVE: {Id} (gate {Gate}): {Breaks}; must be caught by {CaughtBy} (switched on while running)",
                    active.Id, active.Gate, active.Breaks, active.CaughtBy);
            else
                log.LogInformation("seeded defect: none (switched off while running)");
            await context.Response.WriteAsJsonAsync(State(defects));
        };
    }

    private static object State(ActiveDefects defects) => new { defect = defects.Active?.Id, readAtStartup = defects.ReadAtStartup };
}
