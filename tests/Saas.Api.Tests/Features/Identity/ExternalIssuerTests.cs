using System.Net;
using System.Net.Http.Headers;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>The API can trust an external OpenID Connect issuer through its discovery document. Another instance
/// of this product plays the external issuer here: its tokens are accepted by discovery and JWKS alone.</summary>
public class ExternalIssuerTests
{
    [Fact]
    public async Task Tokens_of_the_configured_external_issuer_are_accepted_and_unknown_issuers_are_not()
    {
        var database = await TestDatabase.CreateAsync();
        await using var issuer = new ApiFactory(database.PooledApplicationConnectionString());
        issuer.StartServer();
        await using var api = new ApiFactory(database.PooledApplicationConnectionString(), settings: new()
        {
            ["Auth:ExternalIssuer:Authority"] = issuer.BaseAddress,
            ["Auth:ExternalIssuer:RequireHttpsMetadata"] = "false",
        });
        var tenant = await issuer.CreateTenantAsync();
        var external = await issuer.UserTokenAsync(tenant, "admin");

        using var client = api.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", external);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/tenant")).StatusCode);

        await using var stranger = new ApiFactory(database.PooledApplicationConnectionString());
        using var other = api.Client();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await stranger.UserTokenAsync(tenant, "admin"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/v1/tenant")).StatusCode);
    }
}
