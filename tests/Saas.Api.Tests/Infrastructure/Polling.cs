namespace Saas.Api.Tests.Infrastructure;

/// <summary>Waits for what a test can see but not be told of (a query waiting on a lock, a worker's claim), reading every
/// 100 ms.</summary>
public static class Polling
{
    /// <summary>Returns once <paramref name="done"/> holds; fails with <paramref name="failure"/> after <paramref name="seconds"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> done, string failure, int seconds = 20)
    {
        for (var waited = 0; !await done(); waited++)
        {
            Assert.True(waited < seconds * 10, failure);
            await Task.Delay(100);
        }
    }
}
