using OpenIddict.Server.AspNetCore;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>OpenIddict's server handles the token service's paths and stays out of every other request: opening its
/// transaction on each API call cost a third more CPU a request.</summary>
public class TokenServicePathsTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task The_token_service_takes_part_in_its_own_requests_only()
    {
        var token = await fixture.TokenAsync(await fixture.CreateTenantAsync());

        var call = await fixture.Host.Scenario(s =>
        {
            s.Get.Url("/api/v1/tenant");
            s.WithBearerToken(token);
        });
        var discovery = await fixture.Host.Scenario(s => s.Get.Url("/.well-known/openid-configuration"));

        Assert.Null(call.Context.Features.Get<OpenIddictServerAspNetCoreFeature>());
        Assert.NotNull(discovery.Context.Features.Get<OpenIddictServerAspNetCoreFeature>());
    }
}
