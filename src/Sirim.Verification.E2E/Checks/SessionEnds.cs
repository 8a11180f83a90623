using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.E2E.Checks;

/// <summary>What the page showed after the session should have ended.</summary>
public sealed record SessionState(bool LoginVisible, bool DashboardVisible, bool TokenStored);

/// <summary>
/// Ending a session: <c>logout_clears_session</c> (logout removes the token and shows the login view) and
/// <c>invalid_token_returns_to_login</c> (a token the API refuses, or none at all, sends the user back to login;
/// OWASP ASVS V3: session termination).
/// </summary>
public static class SessionEnds
{
    public const string LogoutClears = "logout_clears_session";
    public const string InvalidTokenToLogin = "invalid_token_returns_to_login";

    public static CheckOutcome Evaluate(string checkId, string flow, string subject, SessionState s)
    {
        var full = $"flow {flow}: {subject}";
        if (s.LoginVisible && !s.DashboardVisible && !s.TokenStored) return CheckOutcome.Pass(E2EGate.Name, checkId, full, Severity.High);
        return CheckOutcome.Fail(E2EGate.Name, checkId, full, Severity.High, "login view, dashboard hidden, no token stored",
            $"login view {(s.LoginVisible ? "visible" : "hidden")}, dashboard {(s.DashboardVisible ? "VISIBLE" : "hidden")}, token {(s.TokenStored ? "STILL STORED" : "removed")}",
            !s.TokenStored ? "The UI keeps showing data after the session ended."
            : checkId == InvalidTokenToLogin ? "The UI keeps the token the API refused: on a 401 it must drop the token, not only switch to the login view."
            : "The session token survives: anyone at this browser keeps the session.");
    }
}
