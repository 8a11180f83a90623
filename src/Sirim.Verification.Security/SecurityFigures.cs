using Sirim.Verification.Core.Evidence;
using Sirim.Verification.Security.Checks;

namespace Sirim.Verification.Security;

/// <summary>
/// Key figures of the security gate that count what they say: a forged token answered 403 was refused (not accepted),
/// so it counts as refused; how many used the exact status (401 with a JSON error) is said separately.
/// </summary>
public static class SecurityFigures
{
    public const string ForgedTokensName = "forged tokens refused";

    public static KeyFigure ForgedTokens(IReadOnlyList<SecurityProbe> probes)
    {
        var judged = probes.Where(p => p.Kind == SecurityProbeKind.Token).ToList();
        var refused = judged.Count(p => TokenRejected.Refused(p.Exchange));
        var exact = judged.Count(p => !p.Outcomes.Any(o => o.Failed));
        var accepted = judged.Count(p => p.Exchange.Status is >= 200 and < 400);
        var actual = $"{refused}/{judged.Count} refused (any 401/403), {exact}/{judged.Count} with the exact 401 JSON" +
                     (accepted > 0 ? $", **{accepted} accepted**" : "");
        return new KeyFigure(ForgedTokensName, actual, $"{judged.Count}/{judged.Count} refused with 401 JSON", exact == judged.Count);
    }
}
