using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.Core.Http;

namespace Sirim.Verification.Smoke.Checks;

/// <summary>
/// <c>login_succeeds</c>: the verification user logs in through loginPath and the answer carries a token where
/// loginTokenPointer says (every other gate logs in the same way, so nothing authenticated can be verified without it).
/// </summary>
public static class LoginSucceeds
{
    public const string Id = "login_succeeds";

    public static CheckOutcome Evaluate(TargetOptions options, AuthResult auth)
    {
        var subject = $"POST {options.Auth.LoginPath}";
        if (auth.Succeeded) return CheckOutcome.Pass(SmokeGate.Name, Id, subject, Severity.Critical, auth.Exchange);
        var where = options.Auth.TokenLocation.IsDefault ? "an access token" : $"a token at {options.Auth.TokenLocation.Pointers[0]}";
        return CheckOutcome.Fail(SmokeGate.Name, Id, subject, Severity.Critical, $"200 with {where}", auth.Problem ?? "no token",
            "Check the verification user's credentials (SIRIM_USERNAME, SIRIM_PASSWORD), loginPath, loginBody and loginTokenPointer against what the API expects.",
            auth.Exchange);
    }
}
