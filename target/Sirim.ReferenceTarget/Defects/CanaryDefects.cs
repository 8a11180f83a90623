using Sirim.ReferenceTarget.Http;

namespace Sirim.ReferenceTarget.Defects;

/// <summary>
/// Seeded defects of a bad release seen through canary analysis: the canary answers the probed routes
/// (readiness, <c>/readyz</c> in the standard profile, and <c>/api/*</c>) slower, or fails a share of them with 500, while a clean baseline does not.
/// </summary>
public static class CanaryDefects
{
    /// <summary>Latency the slow release adds to every probed request.</summary>
    public static readonly TimeSpan AddedLatency = TimeSpan.FromMilliseconds(60);

    /// <summary>One request in this many fails with 500 under <see cref="DefectIds.CanaryErrors"/>.</summary>
    public const int FailEvery = 5;

    public static Func<HttpContext, RequestDelegate, Task> Middleware(ActiveDefects defects, string readinessPath)
    {
        return async (context, next) =>
        {
            var path = context.Request.Path;
            var probed = path.StartsWithSegments(readinessPath) || path.StartsWithSegments("/api");
            // SEEDED DEFECT canary_slow: the release is slower on the routes a canary probes.
            if (probed && defects.Is(DefectIds.CanarySlow))
                await Task.Delay(AddedLatency, context.RequestAborted);
            // SEEDED DEFECT canary_errors: the release fails one probed request in FailEvery with 500.
            if (probed && defects.IsEveryNth(DefectIds.CanaryErrors, FailEvery))
            {
                await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "An unexpected error occurred.");
                return;
            }
            await next(context);
        };
    }
}
