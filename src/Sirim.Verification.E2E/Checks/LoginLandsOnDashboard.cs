using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.E2E.Checks;

/// <summary>What the page showed after a login with valid credentials.</summary>
public sealed record LoginState(bool DashboardVisible, bool LoginVisible, string? UserName, bool TokenStored, string? ErrorText);

/// <summary>
/// <c>login_lands_on_dashboard</c>: valid credentials lead to the dashboard with the user's name shown (the name
/// GET /api/me returns for that user, when known) and a session token stored; nothing else counts as a working login.
/// </summary>
public static class LoginLandsOnDashboard
{
    public const string Id = "login_lands_on_dashboard";

    /// <param name="expectedUserName">The name the API returns for the verification user (GET /api/me); null: any name counts.</param>
    public static CheckOutcome Evaluate(string flow, LoginState s, string? expectedUserName = null)
    {
        var subject = $"flow {flow}: log in with valid credentials";
        var nameShown = !string.IsNullOrWhiteSpace(s.UserName);
        var rightName = expectedUserName is null || s.UserName?.Trim() == expectedUserName.Trim();
        if (s.DashboardVisible && nameShown && rightName && s.TokenStored)
            return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity.Critical);
        var hint = s.DashboardVisible && nameShown && s.TokenStored
            ? "The UI shows another name than GET /api/me returns for this user: a field mapping defect between frontend and API, or another user's data."
            : "Valid credentials did not open a session in the UI: check the login call and /api/me in the trace's network tab.";
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity.Critical,
            expectedUserName is null
                ? "dashboard visible, user name shown, session token stored"
                : $"dashboard visible, user name '{expectedUserName}' shown (GET /api/me), session token stored",
            $"dashboard {(s.DashboardVisible ? "visible" : "hidden")}, user name '{s.UserName ?? ""}', token {(s.TokenStored ? "stored" : "not stored")}" +
            (s.LoginVisible ? ", still on the login view" : "") + (string.IsNullOrWhiteSpace(s.ErrorText) ? "" : $", message '{s.ErrorText}'"),
            hint);
    }
}
