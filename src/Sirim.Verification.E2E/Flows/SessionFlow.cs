using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Flows;

/// <summary>scenarios/e2e/session_end.md: logout clears the session; a refused or removed token sends the user to login.</summary>
public sealed class SessionFlow : IFlow
{
    public string Id => "session_end";
    public string Title => "Logout clears the session; an invalid or removed token returns to login";
    public bool Mutates => false;

    public async Task<IReadOnlyList<CheckOutcome>> RunAsync(FlowContext f)
    {
        var outcomes = new List<CheckOutcome>();
        await f.StepAsync("open the frontend and log in", async () => { await f.OpenAsync(); await f.LoginAsync(); });
        await f.StepAsync("log out", async () =>
        {
            await f.Element(PageRoles.DashboardLogout).ClickAsync();
            await f.Element(PageRoles.LoginView).WaitForAsync();
            outcomes.Add(SessionEnds.Evaluate(SessionEnds.LogoutClears, Id, "after logout", await StateAsync(f)));
            await f.ScreenshotAsync("after logout");
        });
        await f.StepAsync("log in again, then the API refuses the token (expired or revoked)", async () =>
        {
            await f.LoginAsync();
            // A token with a broken signature stands for an expired or revoked one: the API must refuse it (401).
            await f.CorruptStoredTokenAsync();
            using var _ = f.Recorder.ExpectStatus("GET", ApiRoute.WithoutQuery(f.Map.Api.Me.Fill()), 401);
            await f.Page.ReloadAsync();
            await f.Element(PageRoles.LoginView).WaitForAsync();
            outcomes.Add(SessionEnds.Evaluate(SessionEnds.InvalidTokenToLogin, Id, "reload with a token the API refuses", await StateAsync(f)));
            await f.ScreenshotAsync("after the token was refused");
        });
        await f.StepAsync("log in again, then the token is removed", async () =>
        {
            await f.LoginAsync();
            await f.RemoveStoredTokenAsync();
            await f.Page.ReloadAsync();
            await f.Element(PageRoles.LoginView).WaitForAsync();
            outcomes.Add(SessionEnds.Evaluate(SessionEnds.InvalidTokenToLogin, Id, "reload with the token removed", await StateAsync(f)));
        });
        return outcomes;
    }

    private static async Task<SessionState> StateAsync(FlowContext f) =>
        new(await f.VisibleAsync(PageRoles.LoginView), await f.VisibleAsync(PageRoles.DashboardView), await f.StoredTokenAsync() is { Length: > 0 });
}
