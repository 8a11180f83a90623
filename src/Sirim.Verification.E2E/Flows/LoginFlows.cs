using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Checks;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Flows;

/// <summary>scenarios/e2e/login_valid.md: valid credentials land on the dashboard.</summary>
public sealed class LoginValidFlow : IFlow
{
    public string Id => "login_valid";
    public string Title => "Login with valid credentials lands on the dashboard";
    public bool Mutates => false;

    public async Task<IReadOnlyList<CheckOutcome>> RunAsync(FlowContext f)
    {
        await f.StepAsync("open the frontend", f.OpenAsync);
        await f.StepAsync("log in as the verification user", f.LoginAsync);
        LoginState state = null!;
        string expectedName = null!;
        await f.StepAsync($"the dashboard shows the user GET {f.Map.Api.Me.Path} names", async () =>
        {
            await f.Element(PageRoles.DashboardUserName).Filter(new() { HasTextRegex = new(@"\S") }).WaitForAsync();
            await f.Element(PageRoles.EmpresaItem).First.WaitForAsync();
            state = await LoginStateAsync(f);
            expectedName = await f.Api.MyNameAsync(f.Cancellation);
            await f.ScreenshotAsync("dashboard after login");
        });
        return [LoginLandsOnDashboard.Evaluate(Id, state, f.Map.Api.Me.Path, expectedName)];
    }

    internal static async Task<LoginState> LoginStateAsync(FlowContext f) => new(
        await f.VisibleAsync(PageRoles.DashboardView), await f.VisibleAsync(PageRoles.LoginView),
        (await f.Element(PageRoles.DashboardUserName).TextContentAsync())?.Trim(), await f.StoredTokenAsync() is { Length: > 0 },
        await f.VisibleAsync(PageRoles.LoginError) ? (await f.Element(PageRoles.LoginError).TextContentAsync())?.Trim() : null);
}

/// <summary>scenarios/e2e/login_invalid.md: a wrong password shows the error and stores no token.</summary>
public sealed class LoginInvalidFlow : IFlow
{
    public string Id => "login_invalid";
    public string Title => "Login with a wrong password shows the error and stores no token";
    public bool Mutates => false;

    public async Task<IReadOnlyList<CheckOutcome>> RunAsync(FlowContext f)
    {
        var (user, _) = f.Credentials();
        await f.StepAsync("open the frontend", f.OpenAsync);
        LoginState state = null!;
        await f.StepAsync("submit a wrong password (the API must answer 401)", async () =>
        {
            using var _ = f.Recorder.ExpectStatus("POST", f.Target.Auth.LoginPath, 401);
            await f.Element(PageRoles.LoginEmail).FillAsync(user);
            await f.Element(PageRoles.LoginPassword).FillAsync("wrong-" + Guid.NewGuid().ToString("N")[..12]);
            await f.Element(PageRoles.LoginSubmit).ClickAsync();
            await f.Element(PageRoles.LoginError).Filter(new() { HasTextRegex = new(@"\S") }).WaitForAsync();
            state = await LoginValidFlow.LoginStateAsync(f);
            await f.ScreenshotAsync("login error shown");
        });
        return [LoginRejectsBadCredentials.Evaluate(Id, state, f.Map.Token.ToString())];
    }
}
