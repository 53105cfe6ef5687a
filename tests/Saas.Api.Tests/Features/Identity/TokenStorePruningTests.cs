using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>The token service's store keeps an entry for every token issued; pruning removes the ones that can no longer
/// matter, and keeps a used refresh token's entry as long as the token could be presented again.</summary>
public class TokenStorePruningTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Entries_older_than_a_refresh_token_lives_go_and_a_recently_used_refresh_token_stays()
    {
        var services = fixture.Host.Services;
        var lifetime = services.GetRequiredService<IOptions<AuthOptions>>().Value.RefreshTokenLifetime;
        var now = DateTimeOffset.UtcNow;
        await using var scope = services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        async Task<string> EntryAsync(TimeSpan age, string status) => (await tokens.GetIdAsync(await tokens.CreateAsync(new OpenIddictTokenDescriptor
        {
            Type = OpenIddictConstants.TokenTypeIdentifiers.RefreshToken,
            Status = status,
            Subject = Guid.NewGuid().ToString(),
            CreationDate = now - age,
            ExpirationDate = now - age + lifetime,
        })))!;
        var old = await EntryAsync(lifetime + TimeSpan.FromDays(1), OpenIddictConstants.Statuses.Redeemed);
        var recent = await EntryAsync(TimeSpan.FromDays(1), OpenIddictConstants.Statuses.Redeemed);

        await services.GetRequiredService<TokenStorePruning>().PruneAsync(CancellationToken.None);

        await using var after = services.CreateAsyncScope();
        var remaining = after.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        Assert.Null(await remaining.FindByIdAsync(old));
        Assert.NotNull(await remaining.FindByIdAsync(recent));
    }
}
