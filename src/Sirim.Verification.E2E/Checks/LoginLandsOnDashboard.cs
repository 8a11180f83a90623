using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.E2E.Checks;

/// <summary>What the page showed after a login with valid credentials.</summary>
public sealed record LoginState(bool DashboardVisible, bool LoginVisible, string? UserName, bool TokenStored, string? ErrorText);

/// <summary>
/// <c>login_lands_on_dashboard</c>: valid credentials lead to the dashboard with the user's name shown and a session
/// token stored; nothing else counts as a working login.
/// </summary>
public static class LoginLandsOnDashboard
{
    public const string Id = "login_lands_on_dashboard";

    public static CheckOutcome Evaluate(string flow, LoginState s)
    {
        var subject = $"flow {flow}: log in with valid credentials";
        if (s.DashboardVisible && !string.IsNullOrWhiteSpace(s.UserName) && s.TokenStored)
            return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity.Critical);
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity.Critical,
            "dashboard visible, user name shown, session token stored",
            $"dashboard {(s.DashboardVisible ? "visible" : "hidden")}, user name '{s.UserName ?? ""}', token {(s.TokenStored ? "stored" : "not stored")}" +
            (s.LoginVisible ? ", still on the login view" : "") + (string.IsNullOrWhiteSpace(s.ErrorText) ? "" : $", message '{s.ErrorText}'"),
            "Valid credentials did not open a session in the UI: check the login call and /api/me in the trace's network tab.");
    }
}
