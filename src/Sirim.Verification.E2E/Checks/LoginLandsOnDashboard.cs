using Sirim.Verification.Core.Checks;

namespace Sirim.Verification.E2E.Checks;

/// <summary>What the page showed after a login with valid credentials.</summary>
public sealed record LoginState(bool DashboardVisible, bool LoginVisible, string? UserName, bool TokenStored, string? ErrorText);

/// <summary>
/// <c>login_lands_on_dashboard</c>: valid credentials lead to the dashboard with the user's name shown (the name the
/// page map's "me" route returns for that user, when known) and a session token stored; nothing else counts as a working login.
/// </summary>
public static class LoginLandsOnDashboard
{
    public const string Id = "login_lands_on_dashboard";

    /// <param name="meRoute">The route that names the signed-in user (page map api.me), as messages show it.</param>
    /// <param name="expectedUserName">The name the API returns for the verification user (GET <paramref name="meRoute"/>); null: any name counts.</param>
    public static CheckOutcome Evaluate(string flow, LoginState s, string meRoute, string? expectedUserName = null)
    {
        var subject = $"flow {flow}: log in with valid credentials";
        var nameShown = !string.IsNullOrWhiteSpace(s.UserName);
        var rightName = expectedUserName is null || s.UserName?.Trim() == expectedUserName.Trim();
        if (s.DashboardVisible && nameShown && rightName && s.TokenStored)
            return CheckOutcome.Pass(E2EGate.Name, Id, subject, Severity.Critical);
        var hint = s.DashboardVisible && nameShown && s.TokenStored
            ? $"The UI shows another name than GET {meRoute} returns for this user: a field mapping defect between frontend and API, or another user's data."
            : $"Valid credentials did not open a session in the UI: check the login call and {meRoute} in the trace's network tab.";
        return CheckOutcome.Fail(E2EGate.Name, Id, subject, Severity.Critical,
            expectedUserName is null
                ? "dashboard visible, user name shown, session token stored"
                : $"dashboard visible, user name '{expectedUserName}' shown (GET {meRoute}), session token stored",
            $"dashboard {(s.DashboardVisible ? "visible" : "hidden")}, user name '{s.UserName ?? ""}', token {(s.TokenStored ? "stored" : "not stored")}" +
            (s.LoginVisible ? ", still on the login view" : "") + (string.IsNullOrWhiteSpace(s.ErrorText) ? "" : $", message '{s.ErrorText}'"),
            hint);
    }
}
