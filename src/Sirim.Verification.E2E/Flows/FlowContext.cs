using Microsoft.Playwright;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.E2E.Api;

namespace Sirim.Verification.E2E.Flows;

/// <summary>
/// What a flow works with during one attempt: its own page (own browser context), the API client for the
/// round-trip checks, the recorder (to declare expected non-2xx statuses) and the reporter for steps and screenshots.
/// </summary>
public sealed class FlowContext(IFlow flow, IPage page, TargetOptions target, E2EOptions options, E2EApi api, FlowRecorder recorder,
    IFlowReporter reporter, CancellationToken cancellation)
{
    /// <summary>sessionStorage key where the frontend keeps the bearer token.</summary>
    public const string TokenKey = "sirim.accessToken";

    public IFlow Flow { get; } = flow;
    public IPage Page { get; } = page;
    public TargetOptions Target { get; } = target;
    public E2EOptions Options { get; } = options;
    public E2EApi Api { get; } = api;
    public FlowRecorder Recorder { get; } = recorder;
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The step running now (names the failure when a step cannot complete).</summary>
    public string CurrentStep { get; private set; } = "start";

    public ILocator TestId(string id) => Page.GetByTestId(id);

    public async Task StepAsync(string name, Func<Task> body)
    {
        Cancellation.ThrowIfCancellationRequested();
        CurrentStep = name;
        await reporter.StepAsync(name, body).ConfigureAwait(false);
    }

    /// <summary>A screenshot of a key step, kept on success too.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var png = await Page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true }).ConfigureAwait(false);
        reporter.Screenshot(name, png);
    }

    public CheckOutcome Pass(string checkId, string subject, Severity severity) =>
        CheckOutcome.Pass(E2EGate.Name, checkId, $"flow {Flow.Id}: {subject}", severity);

    public CheckOutcome Fail(string checkId, string subject, Severity severity, string expected, string actual, string hint) =>
        CheckOutcome.Fail(E2EGate.Name, checkId, $"flow {Flow.Id}: {subject}", severity, expected, actual, hint);

    // ---- Building blocks shared by the flows ----

    /// <summary>Opens the frontend and waits until it shows either the login view or the dashboard.</summary>
    public async Task OpenAsync()
    {
        await Page.GotoAsync(Options.FrontendBaseUrl.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load }).ConfigureAwait(false);
        await Page.Locator("[data-testid=login-view]:visible, [data-testid=dashboard]:visible, [data-testid=app-error]:visible")
            .First.WaitForAsync().ConfigureAwait(false);
    }

    /// <summary>Logs in through the form with the verification user and waits until the dashboard has loaded its data.</summary>
    public async Task LoginAsync()
    {
        var (user, password) = Credentials();
        await TestId("login-email").FillAsync(user).ConfigureAwait(false);
        await TestId("login-password").FillAsync(password).ConfigureAwait(false);
        await TestId("login-submit").ClickAsync().ConfigureAwait(false);
        await DashboardLoadedAsync().ConfigureAwait(false);
    }

    /// <summary>The dashboard is visible and has finished loading (the page info of the gastos list, or a status message).</summary>
    public async Task DashboardLoadedAsync()
    {
        await TestId("dashboard").WaitForAsync().ConfigureAwait(false);
        await TestId("page-info").Filter(new() { HasTextRegex = new(@"\d") })
            .Or(TestId("status-message").Filter(new() { HasTextRegex = new(@"\S") }))
            .Or(TestId("app-error").Filter(new() { HasTextRegex = new(@"\S") }))
            .First.WaitForAsync().ConfigureAwait(false);
    }

    public (string User, string Password) Credentials() =>
        Target.Auth is { Username: { } u, Password: { } p }
            ? (u, p)
            : throw new E2EFlowException("the UI flows need SIRIM_USERNAME and SIRIM_PASSWORD (a token alone cannot log in through the form)");

    public Task<string?> StoredTokenAsync() =>
        Page.EvaluateAsync<string?>("k => window.sessionStorage.getItem(k)", TokenKey);

    public async Task<bool> VisibleAsync(string testId) => await TestId(testId).IsVisibleAsync().ConfigureAwait(false);
}
