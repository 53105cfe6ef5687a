using System.Net;
using Microsoft.Extensions.Options;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>Clients from configuration: a redirect URI given as a path is on the address the API is served at (Swagger UI's
/// development client on any port), and one that is neither a path nor absolute stops the start with the setting's name.</summary>
public class BootstrapClientTests
{
    private const string SwaggerRedirect = "/swagger/oauth2-redirect.html";

    [Fact]
    public async Task A_redirect_uri_given_as_a_path_is_registered_on_the_issuer_the_api_is_served_at()
    {
        var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.PooledApplicationConnectionString(), settings: new()
        {
            ["Auth:BootstrapClients:2:ClientId"] = "served-ui",
            ["Auth:BootstrapClients:2:Scopes:0"] = "api",
            ["Auth:BootstrapClients:2:RedirectUris:0"] = SwaggerRedirect,
            ["Auth:BootstrapClients:2:PartnerClientId"] = TestSettings.PartnerId,
        });
        using var browser = api.Client();
        var pkce = BrowserSignIn.Pkce.Create();

        Assert.Contains("<form", await BrowserSignIn.LoadFormAsync(browser, BrowserSignIn.AuthorizeUrl("served-ui", api.BaseAddress + SwaggerRedirect, pkce)));
        var elsewhere = await browser.GetAsync(BrowserSignIn.AuthorizeUrl("served-ui", "http://localhost:5080" + SwaggerRedirect, pkce));
        Assert.NotEqual(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task A_redirect_uri_that_is_neither_absolute_nor_a_path_stops_the_start()
    {
        var database = await TestDatabase.CreateAsync();
        await using var api = new ApiFactory(database.PooledApplicationConnectionString(), settings: new()
        {
            ["Auth:BootstrapClients:1:RedirectUris:0"] = "swagger/oauth2-redirect.html",
        });

        var error = Assert.Throws<OptionsValidationException>(() => api.Client());
        Assert.Contains("Auth:BootstrapClients:N:RedirectUris must be absolute URIs, or paths", error.Message);
    }
}
