using Microsoft.Playwright;

namespace Sirim.Verification.E2E.Browser;

/// <summary>
/// One Chromium for the whole run (contexts are cheap, browsers are not): launched from the configured executable
/// (Debian's /usr/bin/chromium by default; Playwright's own browser download is not used), headless.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        Playwright = playwright;
        Browser = browser;
    }

    public IPlaywright Playwright { get; }
    public IBrowser Browser { get; }
    public string Version => Browser.Version;

    /// <exception cref="E2ESetupException">Chromium is missing or does not start; the message says what to do.</exception>
    public static async Task<BrowserSession> LaunchAsync(E2EOptions options, TimeSpan timeout)
    {
        if (options.ChromiumProblem() is { } problem) throw new E2ESetupException(problem);
        IPlaywright? playwright = null;
        try
        {
            playwright = await Microsoft.Playwright.Playwright.CreateAsync().ConfigureAwait(false);
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = options.ChromiumPath,
                Headless = true,
                Timeout = (float)timeout.TotalMilliseconds,
            }).ConfigureAwait(false);
            return new BrowserSession(playwright, browser);
        }
        catch (PlaywrightException ex)
        {
            playwright?.Dispose();
            throw new E2ESetupException(
                $"Chromium at '{options.ChromiumPath}' did not start: {ex.Message.Split('\n')[0]} " +
                "(check that it runs: '" + options.ChromiumPath + " --headless --version').", ex);
        }
    }

    /// <summary>
    /// A fresh, isolated browser context (own storage, cookies, cache) for one flow attempt, with the locale and time
    /// zone of the page map (the UI formats amounts and dates by them).
    /// </summary>
    public Task<IBrowserContext> NewContextAsync(E2EOptions options) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = options.PageMap.Format.Locale,
            TimezoneId = options.PageMap.Format.TimeZone,
            ServiceWorkers = ServiceWorkerPolicy.Block,
            IgnoreHTTPSErrors = options.IgnoreHttpsErrors,
        });

    public async ValueTask DisposeAsync()
    {
        try { await Browser.CloseAsync().ConfigureAwait(false); }
        catch (PlaywrightException) { } // already gone: nothing left to close
        Playwright.Dispose();
    }
}
