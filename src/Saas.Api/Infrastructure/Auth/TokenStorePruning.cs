using Microsoft.Extensions.Options;
using Npgsql;
using OpenIddict.Abstractions;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Every issued token has an entry in the token service's store, so the store is pruned hourly of entries and sign-ins
/// that can no longer matter: created longer ago than a refresh token lives. A used refresh token's entry stays that long,
/// so that presenting it again is still recognised as reuse and ends its sign-in.</summary>
public sealed class TokenStorePruning(IServiceScopeFactory scopes, IOptions<AuthOptions> options, TimeProvider time, ILogger<TokenStorePruning> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PruneAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Pruning the token store failed; retrying in an hour");
            }
        }
    }

    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var threshold = time.GetUtcNow() - options.Value.RefreshTokenLifetime;
        var tokens = await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(threshold, cancellationToken);
        var authorizations = await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(threshold, cancellationToken);
        logger.LogInformation("Pruned {Tokens} token entries and {Authorizations} sign-ins created before {Threshold:o}", tokens, authorizations, threshold);
    }
}
