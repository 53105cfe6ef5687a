using System.Net;
using System.Net.Http.Json;
using Duende.IdentityModel.Client;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>The whole path with real HTTP and an unmodified standard OAuth client library (Duende.IdentityModel):
/// partner token → tenant → admin activation → authorization code + PKCE through the sign-in form → API call →
/// refresh rotation and reuse detection → API key → revocation.</summary>
public class IdentityJourneyTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    [Fact]
    public async Task From_partner_to_api_key_and_revocation()
    {
        using var http = fixture.Api.Client();

        // Discovery, validated by the library's default policy (issuer, endpoints on the authority).
        var discovery = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
        {
            Address = fixture.Api.BaseAddress,
            Policy = { RequireHttps = false },
        });
        Assert.False(discovery.IsError, discovery.Error);
        Assert.Equal(fixture.Api.BaseAddress, discovery.Issuer);
        Assert.Contains("S256", discovery.CodeChallengeMethodsSupported);
        Assert.NotEmpty(discovery.KeySet!.Keys);

        // 1. The partner gets a token with client credentials (client_secret_basic).
        var partnerToken = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = ApiFactory.PartnerId,
            ClientSecret = ApiFactory.PartnerSecret,
            ClientCredentialStyle = ClientCredentialStyle.AuthorizationHeader,
        });
        Assert.False(partnerToken.IsError, partnerToken.Error);
        Assert.Equal("partner", partnerToken.Scope);

        // 2. It provisions a tenant with its first admin and registers a frontend.
        using var partner = fixture.Api.Client();
        partner.SetBearerToken(partnerToken.AccessToken!);
        var email = $"head-{Guid.NewGuid():N}@roga.example";
        var tenant = await (await partner.PostAsJsonAsync("/api/v1/partner/tenants", new
        {
            name = "Рога и копыта",
            slug = "roga-" + Guid.NewGuid().ToString("N")[..8],
            currency = "RUB",
            timeZone = "Europe/Moscow",
            locale = "ru",
            admin = new { email, fullName = "Анна Петрова" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        var activationToken = tenant.GetProperty("admin").GetProperty("activationToken").GetString()!;
        var frontend = await (await partner.PostAsJsonAsync("/api/v1/partner/clients", new
        {
            name = "KPI frontend",
            redirectUris = new[] { "https://app.roga.example/callback" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        var clientId = frontend.GetProperty("clientId").GetString()!;
        const string redirectUri = "https://app.roga.example/callback";

        // 3. The admin activates the account once.
        const string password = "correct horse battery staple";
        await (await http.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken, password })).AssertStatusAsync(HttpStatusCode.OK);
        await (await http.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken, password }))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "validation");

        // 4. Authorization code with PKCE through the sign-in form.
        using var browser = fixture.Api.Client();
        var pkce = BrowserSignIn.Pkce.Create();
        var redirect = await BrowserSignIn.SignInAsync(browser, clientId, redirectUri, pkce, email, password, "openid api offline_access", "state-42");
        Assert.Equal("state-42", redirect["state"]);
        Assert.Equal(fixture.Api.BaseAddress, redirect["iss"]);

        var tokens = await http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = clientId,
            Code = redirect["code"],
            RedirectUri = redirectUri,
            CodeVerifier = pkce.Verifier,
        });
        Assert.False(tokens.IsError, tokens.Error);
        Assert.NotNull(tokens.RefreshToken);
        Assert.NotNull(tokens.IdentityToken);
        Assert.InRange(tokens.ExpiresIn, 60, 15 * 60);

        // 5. The user token calls the API.
        using var user = fixture.Api.Client();
        user.SetBearerToken(tokens.AccessToken!);
        var me = await (await user.GetAsync("/api/v1/tenant")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("Рога и копыта", me.GetProperty("name").GetString());

        // 6. Refresh rotates; reusing the old refresh token revokes the whole family.
        var refreshed = await http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = clientId,
            RefreshToken = tokens.RefreshToken!,
        });
        Assert.False(refreshed.IsError, refreshed.Error);
        Assert.NotEqual(tokens.RefreshToken, refreshed.RefreshToken);
        user.SetBearerToken(refreshed.AccessToken!);
        await (await user.GetAsync("/api/v1/tenant")).AssertStatusAsync(HttpStatusCode.OK);

        var replay = await http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = clientId,
            RefreshToken = tokens.RefreshToken!,
        });
        Assert.Equal("invalid_grant", replay.Error);
        var afterReuse = await http.RequestRefreshTokenAsync(new RefreshTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = clientId,
            RefreshToken = refreshed.RefreshToken!,
        });
        Assert.Equal("invalid_grant", afterReuse.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/tenant")).StatusCode);

        // 7. A fresh sign-in; the admin creates an API key, which posts where keys may and nowhere else.
        var again = await BrowserSignIn.SignInAsync(browser, clientId, redirectUri, pkce = BrowserSignIn.Pkce.Create(), email, password);
        var second = await http.RequestAuthorizationCodeTokenAsync(new AuthorizationCodeTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = clientId,
            Code = again["code"],
            RedirectUri = redirectUri,
            CodeVerifier = pkce.Verifier,
        });
        Assert.False(second.IsError, second.Error);
        user.SetBearerToken(second.AccessToken!);
        var created = await (await user.PostAsJsonAsync("/api/v1/api-keys", new { name = "amoCRM", scopes = new[] { "actuals:write" } }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var key = created.GetProperty("key").GetString()!;
        Assert.StartsWith("sk_test_", key);
        Assert.StartsWith(created.GetProperty("prefix").GetString()!, key);

        using var integration = fixture.Api.Client();
        integration.DefaultRequestHeaders.Add("X-Api-Key", key);
        // A valid key is a credential of the wrong kind for a user endpoint: 403, saying what to use.
        Assert.Equal(HttpStatusCode.Forbidden, (await integration.GetAsync("/api/v1/tenant")).StatusCode);
        var list = await (await user.GetAsync("/api/v1/api-keys")).AssertStatusAsync(HttpStatusCode.OK);
        var listed = list.GetProperty("items")[0];
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.Equal(created.GetProperty("prefix").GetString(), listed.GetProperty("prefix").GetString());

        // 8. Revocation: the token (RFC 7009) and the key stop working at once.
        var revocation = await http.RevokeTokenAsync(new TokenRevocationRequest
        {
            Address = discovery.RevocationEndpoint,
            ClientId = clientId,
            Token = second.RefreshToken!,
            TokenTypeHint = "refresh_token",
        });
        Assert.False(revocation.IsError, revocation.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/tenant")).StatusCode);
    }
}
