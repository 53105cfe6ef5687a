using System.Security.Cryptography;

namespace Saas.Bench;

public sealed record AdminTokenOptions(Uri Api, string PartnerId, string PartnerSecret, string FrontendId, string RedirectUri, string Output)
{
    public static AdminTokenOptions? Parse(string[] args) => BenchArgs.Parse("token", args,
        a => new AdminTokenOptions(new Uri(a.Required("api")), a.Required("partner-id"), a.Required("partner-secret"), a.Required("frontend-id"),
            a.Required("redirect-uri"), a.Required("output")),
        _ => null);
}

/// <summary>infra/bench/auth: a tenant provisioned through the API and its admin signed in, as a partner's frontend does
/// (<see cref="ReportsBenchmark.SignInAsync"/>); the admin's access token is written to a file for the measurement.</summary>
public static class AdminToken
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (AdminTokenOptions.Parse(args) is not { } o)
            return 2;
        var slug = "bench-auth-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var (_, session) = await ReportsBenchmark.SignInAsync(o.Api, o.PartnerId, o.PartnerSecret, o.FrontendId, o.RedirectUri, slug, "Вход: бенчмарк");
        using (session)
            await File.WriteAllTextAsync(o.Output, await session.AccessTokenAsync());
        return 0;
    }
}
