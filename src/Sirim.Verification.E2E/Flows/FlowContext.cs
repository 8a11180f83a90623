using System.Globalization;
using Microsoft.Playwright;
using Sirim.Verification.Core.Checks;
using Sirim.Verification.Core.Configuration;
using Sirim.Verification.E2E.Api;
using Sirim.Verification.E2E.PageMap;

namespace Sirim.Verification.E2E.Flows;

/// <summary>
/// What a flow works with during one attempt: its own page (own browser context), the API client for the
/// round-trip checks, the recorder (to declare expected non-2xx statuses) and the reporter for steps and screenshots.
/// </summary>
public sealed class FlowContext(IFlow flow, IPage page, TargetOptions target, E2EOptions options, E2EApi api, FlowRecorder recorder,
    IFlowReporter reporter, CancellationToken cancellation)
{
    public IFlow Flow { get; } = flow;
    public IPage Page { get; } = page;
    public TargetOptions Target { get; } = target;
    public E2EOptions Options { get; } = options;
    public E2EApi Api { get; } = api;
    public FlowRecorder Recorder { get; } = recorder;
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The step running now (names the failure when a step cannot complete).</summary>
    public string CurrentStep { get; private set; } = "start";

    /// <summary>The deployment's page map: selectors by role, token storage, formats, test data, API routes.</summary>
    public E2EPageMap Map => Options.PageMap;

    /// <summary>The element of <paramref name="role"/> (one of <see cref="PageRoles"/>) by the page map's selector.</summary>
    public ILocator Element(string role) => Page.Locator(Map.Selector(role));

    /// <summary>The element of <paramref name="role"/> inside <paramref name="scope"/> (a row's cell, an item's name).</summary>
    public ILocator Within(ILocator scope, string role) => scope.Locator(Map.Selector(role));

    /// <summary>The elements of <paramref name="role"/> whose id attribute (<paramref name="attribute"/> of the page map) is <paramref name="id"/>.</summary>
    public ILocator ById(string role, string attribute, long id) =>
        Element(role).And(Page.Locator($"[{Map.Attribute(attribute)}=\"{id.ToString(CultureInfo.InvariantCulture)}\"]"));

    /// <summary>The record id an element carries in the page map's id attribute.</summary>
    public async Task<long> IdOfAsync(ILocator element, string attribute)
    {
        var name = Map.Attribute(attribute);
        var raw = await element.GetAttributeAsync(name).ConfigureAwait(false);
        return long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new E2EFlowException($"the element has no record id in {name} (page map attributes.{attribute}): '{raw}'");
    }

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
        await Element(PageRoles.LoginView).Or(Element(PageRoles.DashboardView)).Or(Element(PageRoles.AppError))
            .Filter(new() { Visible = true }).First.WaitForAsync().ConfigureAwait(false);
    }

    /// <summary>Logs in through the form with the verification user and waits until the dashboard has loaded its data.</summary>
    public async Task LoginAsync()
    {
        var (user, password) = Credentials();
        await Element(PageRoles.LoginEmail).FillAsync(user).ConfigureAwait(false);
        await Element(PageRoles.LoginPassword).FillAsync(password).ConfigureAwait(false);
        await Element(PageRoles.LoginSubmit).ClickAsync().ConfigureAwait(false);
        await DashboardLoadedAsync().ConfigureAwait(false);
    }

    /// <summary>The dashboard is visible and has finished loading (the page info of the gastos list, or a status message).</summary>
    public async Task DashboardLoadedAsync()
    {
        await Element(PageRoles.DashboardView).WaitForAsync().ConfigureAwait(false);
        await Element(PageRoles.DashboardPageInfo).Filter(new() { HasTextRegex = new(@"\d") })
            .Or(Element(PageRoles.DashboardStatusMessage).Filter(new() { HasTextRegex = new(@"\S") }))
            .Or(Element(PageRoles.AppError).Filter(new() { HasTextRegex = new(@"\S") }))
            .First.WaitForAsync().ConfigureAwait(false);
    }

    public (string User, string Password) Credentials() =>
        Target.Auth is { Username: { } u, Password: { } p }
            ? (u, p)
            : throw new E2EFlowException("the UI flows need SIRIM_USERNAME and SIRIM_PASSWORD (a token alone cannot log in through the form)");

    /// <summary>The token the frontend keeps where the page map says (storage and key), or null.</summary>
    public Task<string?> StoredTokenAsync() =>
        Page.EvaluateAsync<string?>("([s, k]) => window[s].getItem(k)", new[] { Map.Token.Storage, Map.Token.Key });

    /// <summary>Breaks the stored token's signature (stands for an expired or revoked token the API must refuse).</summary>
    /// <summary>Breaks the stored token's signature (an expired or revoked token); returns the broken token.</summary>
    public async Task<string> CorruptStoredTokenAsync() =>
        await Page.EvaluateAsync<string>("([s, k]) => { const t = window[s].getItem(k).slice(0, -4) + 'AAAA'; window[s].setItem(k, t); return t; }",
            new[] { Map.Token.Storage, Map.Token.Key }).ConfigureAwait(false);

    public Task RemoveStoredTokenAsync() =>
        Page.EvaluateAsync("([s, k]) => window[s].removeItem(k)", new[] { Map.Token.Storage, Map.Token.Key });

    /// <summary>
    /// Throws when the page's last call to the API got no response at all (refused, reset, empty): a step that pages or
    /// waits again stops at once, naming the call, instead of waiting out each action timeout against a target that is gone.
    /// </summary>
    public void ThrowIfApiDown()
    {
        var last = Recorder.Observation().ApiCalls.LastOrDefault(c => FlowRecorder.IsApiCall(c.ResourceType) &&
                                                                      string.Equals(c.Origin, Options.ApiOrigin, StringComparison.OrdinalIgnoreCase));
        if (last is { Status: null })
            throw new E2EFlowException($"the API stopped answering: {last.Subject} → no answer ({last.Failure ?? "failed"})");
    }

    public async Task<bool> VisibleAsync(string role) => await Element(role).IsVisibleAsync().ConfigureAwait(false);
}
