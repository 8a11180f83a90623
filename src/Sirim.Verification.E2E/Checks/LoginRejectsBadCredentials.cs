using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.E2E.Checks;

/// <summary>
/// <c>login_rejects_bad_credentials</c>: a wrong password shows the login error, keeps the user on the login view and
/// stores no token (OWASP ASVS V2: no session without authentication).
/// </summary>
public static class LoginRejectsBadCredentials
{
    public const string Id = "login_rejects_bad_credentials";

    /// <param name="tokenStore">Where the frontend keeps the token (page map token), as messages show it (<see cref="PageMap.TokenStorage"/>).</param>
    public static CheckOutcome Evaluate(string flow, LoginState s, string tokenStore)
    {
        var subject = $"flow {flow}: log in with a wrong password";
        if (!s.DashboardVisible && s.LoginVisible && !string.IsNullOrWhiteSpace(s.ErrorText) && !s.TokenStored)
            return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity.Critical);
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity.Critical,
            "login view with an error message, no dashboard, no token stored",
            $"dashboard {(s.DashboardVisible ? "visible" : "hidden")}, error message '{s.ErrorText ?? ""}', token {(s.TokenStored ? "STORED" : "not stored")}",
            s.DashboardVisible
                ? "A wrong password opened a session: the API or the UI accepts bad credentials."
                : s.TokenStored
                    ? $"A refused login left a value in {tokenStore}: the UI stores the login answer without checking that the API accepted the credentials."
                    : "The UI gives the user no feedback on a failed login.");
    }
}
