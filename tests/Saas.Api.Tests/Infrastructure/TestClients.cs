using Microsoft.Extensions.DependencyInjection;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>Registers clients in a test API as configuration would (<c>Auth:BootstrapClients</c>, with absolute redirect URIs):
/// OpenIddict's application and the product's row, frontends with the origins of their redirect URIs.</summary>
public static class TestClients
{
    public static async Task RegisterAsync(IServiceProvider services, params BootstrapClient[] clients)
    {
        await using var scope = services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<ClientDirectory>();
        foreach (var client in clients)
            await directory.SaveBootstrapAsync(client, issuer: "", allowHttpOrigins: false, CancellationToken.None);
    }
}
