using PuppeteerSharp;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>Debian's Chromium, headless, driven over the DevTools protocol (PuppeteerSharp), for tests that need what
/// only a real browser does: CORS, cookies, redirects, scripts on a page of another origin.</summary>
public static class Chromium
{
    private const string Executable = "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM") ?? Executable;
        if (!File.Exists(executable))
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {executable} (or set CHROMIUM). Install it with `sudo apt-get install -y chromium`; " +
                "the README's test command, infra/dev/test, does this for you.");
        return Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = executable,
            // A closed network: no background connections, no sandbox (tests may run as root), a throwaway profile.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
            Timeout = 60_000,
        });
    }

    /// <summary>Waits until <paramref name="predicate"/> (a JavaScript expression) is true on the page, across the
    /// navigations it makes meanwhile. Puppeteer's own <c>WaitForFunctionAsync</c> can fail when a cross-origin
    /// navigation destroys the context it runs in (seen in CI as an ObjectDisposedException); polling from here
    /// simply asks the next page.</summary>
    public static async Task WaitUntilAsync(this IPage page, string predicate, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            try
            {
                if (await page.EvaluateExpressionAsync<bool>($"!!({predicate})"))
                    return;
            }
            // While a cross-origin navigation swaps the page's main frame, PuppeteerSharp can also find none and throw a
            // NullReferenceException of its own (seen in a full test run; puppeteer-sharp issue 2951).
            catch (Exception e) when (e is PuppeteerException or NullReferenceException && DateTime.UtcNow < deadline)
            {
                // The page navigated while we asked; ask the next one.
            }
            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"`{predicate}` was not true within {timeoutSeconds} s on {page.MainFrame?.Url ?? "a page between navigations"}.");
            await Task.Delay(100);
        }
    }
}
