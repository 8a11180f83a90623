using System.Collections.Concurrent;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Sirim.ReferenceTarget.Defects;

namespace Sirim.ReferenceTarget.Http;

/// <summary>
/// The API's CORS policy for the seeded defect switched on (none: the allowed origins only), built once per defect and
/// reused: the defect of a running process may change (the project's own tests switch it).
/// </summary>
public sealed class SeededCorsPolicies(ActiveDefects defects, Func<CorsPolicy> build) : ICorsPolicyProvider
{
    private readonly ConcurrentDictionary<string, CorsPolicy> _byDefect = new(StringComparer.Ordinal);

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName) =>
        Task.FromResult<CorsPolicy?>(_byDefect.GetOrAdd(defects.Active?.Id ?? "", _ => build()));
}
