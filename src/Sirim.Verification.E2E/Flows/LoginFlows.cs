using Sirim.Verification.Core.Checks;
using Sirim.Verification.E2E.Checks;

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
        await f.StepAsync("the dashboard shows the user GET /api/me names", async () =>
        {
            await f.TestId("user-name").Filter(new() { HasTextRegex = new(@"\S") }).WaitForAsync();
            await f.TestId("empresa-item").First.WaitForAsync();
            state = await LoginStateAsync(f);
            expectedName = await f.Api.MyNameAsync(f.Cancellation);
            await f.ScreenshotAsync("dashboard after login");
        });
        return [LoginLandsOnDashboard.Evaluate(Id, state, expectedName)];
    }

    internal static async Task<LoginState> LoginStateAsync(FlowContext f) => new(
        await f.VisibleAsync("dashboard"), await f.VisibleAsync("login-view"),
        (await f.TestId("user-name").TextContentAsync())?.Trim(), await f.StoredTokenAsync() is { Length: > 0 },
        await f.VisibleAsync("login-error") ? (await f.TestId("login-error").TextContentAsync())?.Trim() : null);
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
            await f.TestId("login-email").FillAsync(user);
            await f.TestId("login-password").FillAsync("wrong-" + Guid.NewGuid().ToString("N")[..12]);
            await f.TestId("login-submit").ClickAsync();
            await f.TestId("login-error").Filter(new() { HasTextRegex = new(@"\S") }).WaitForAsync();
            state = await LoginValidFlow.LoginStateAsync(f);
            await f.ScreenshotAsync("login error shown");
        });
        return [LoginRejectsBadCredentials.Evaluate(Id, state)];
    }
}
