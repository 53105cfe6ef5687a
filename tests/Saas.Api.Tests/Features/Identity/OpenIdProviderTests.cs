using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>What an OpenID provider offers beyond sign-in, at its edges: the userinfo endpoint (OpenID Connect Core §5.3), the
/// end-session endpoint (RP-Initiated Logout 1.0) and token introspection for partners' resource servers (RFC 7662). The
/// happy paths through a standard client library are in <see cref="StandardClientTests"/>.</summary>
public class OpenIdProviderTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task Discovery_names_the_userinfo_end_session_and_introspection_endpoints()
    {
        using var anonymous = fixture.Api.Client();
        var discovery = await (await anonymous.GetAsync("/.well-known/openid-configuration")).AssertStatusAsync(HttpStatusCode.OK);
        var issuer = discovery.GetProperty("issuer").GetString();

        Assert.Equal(issuer + "/connect/userinfo", discovery.GetProperty("userinfo_endpoint").GetString());
        Assert.Equal(issuer + "/connect/endsession", discovery.GetProperty("end_session_endpoint").GetString());
        Assert.Equal(issuer + "/connect/introspect", discovery.GetProperty("introspection_endpoint").GetString());
    }

    [Fact]
    public async Task Userinfo_describes_the_user_as_they_are_now_and_only_for_an_openid_sign_in()
    {
        var (email, tokens) = await SignedInAsync("openid api offline_access");
        using var user = Bearer(tokens.GetProperty("access_token").GetString()!);

        var info = await (await user.GetAsync("/connect/userinfo")).AssertStatusAsync(HttpStatusCode.OK);
        var idToken = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(tokens.GetProperty("id_token").GetString());
        Assert.Equal(idToken.Subject, info.GetProperty("sub").GetString());
        Assert.Equal(email, info.GetProperty("email").GetString());
        Assert.Equal("Ann Admin", info.GetProperty("name").GetString());
        Assert.Equal("admin", info.GetProperty("role").GetString());
        Assert.Equal(idToken.GetClaim(ClaimNames.Tenant).Value, info.GetProperty("tenant_id").GetString());
        Assert.False(info.TryGetProperty("employee_id", out _)); // an admin without an employee link: left out, not null
        // POST with the token in the header answers the same (§5.3.1).
        await (await user.PostAsync("/connect/userinfo", new FormUrlEncodedContent([]))).AssertStatusAsync(HttpStatusCode.OK);

        // A sign-in without openid has no user info to give (RFC 6750 §3.1); a token that is not one is invalid_token.
        var (_, apiOnly) = await SignedInAsync("api");
        using var withoutOpenId = Bearer(apiOnly.GetProperty("access_token").GetString()!);
        var forbidden = await withoutOpenId.GetAsync("/connect/userinfo");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("insufficient_scope", forbidden.Headers.WwwAuthenticate.ToString());
        using var forged = Bearer("not-a-token");
        var unauthorized = await forged.GetAsync("/connect/userinfo");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Contains("invalid_token", unauthorized.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Userinfo_refuses_the_token_of_a_suspended_company()
    {
        var (_, tokens) = await SignedInAsync("openid api");
        using var user = Bearer(tokens.GetProperty("access_token").GetString()!);
        await SuspendAsync(user);

        var response = await user.GetAsync("/connect/userinfo");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Ending_a_session_without_an_address_to_return_to_shows_a_page_and_ends_the_sign_in()
    {
        var (_, tokens) = await SignedInAsync("openid api offline_access");
        using var browser = fixture.Api.Client();
        using var user = Bearer(tokens.GetProperty("access_token").GetString()!);
        // Used once, the token's caller is known live (and trusted for a while, but not past an end of session here).
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/v1/tenant")).StatusCode);

        var page = await browser.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.GetProperty("id_token").GetString(),
            ["ui_locales"] = "ru",
        }));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Вы вышли", await page.Content.ReadAsStringAsync());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/tenant")).StatusCode);
        var refresh = await browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = TestSettings.FrontendId,
            ["refresh_token"] = tokens.GetProperty("refresh_token").GetString()!,
        }));
        Assert.Equal("invalid_grant", (await refresh.AssertStatusAsync(HttpStatusCode.BadRequest)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/connect/userinfo")).StatusCode); // OpenIddict reads the entry too
    }

    [Fact]
    public async Task Ending_a_session_never_redirects_to_an_address_the_client_did_not_register()
    {
        var (_, tokens) = await SignedInAsync("openid api offline_access");
        using var browser = fixture.Api.Client();

        var refused = await browser.GetAsync(QueryHelpers.AddQueryString("/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = tokens.GetProperty("id_token").GetString(),
            ["post_logout_redirect_uri"] = "https://evil.example/signed-out",
            ["state"] = "s1",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Null(refused.Headers.Location);
        Assert.Contains("Sign-out cannot continue", await refused.Content.ReadAsStringAsync());
        // Nothing ended: the request was refused as a whole.
        using var user = Bearer(tokens.GetProperty("access_token").GetString()!);
        await (await user.GetAsync("/api/v1/tenant")).AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_partner_introspects_its_frontends_tokens_and_learns_whom_they_speak_for()
    {
        var (_, tokens) = await SignedInAsync("openid api offline_access");
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        using var anonymous = fixture.Api.Client();

        var active = await IntrospectAsync(anonymous, accessToken, TestSettings.PartnerId, TestSettings.PartnerSecret);

        Assert.True(active.GetProperty("active").GetBoolean());
        Assert.Equal(["api", "offline_access", "openid"], active.GetProperty("scope").GetString()!.Split(' ').Order());
        Assert.Equal(TestSettings.FrontendId, active.GetProperty("client_id").GetString());
        Assert.Equal("admin", active.GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty(active.GetProperty(ClaimNames.Tenant).GetString()));
        Assert.Equal(fixture.Api.BaseAddress, active.GetProperty("iss").GetString());
        Assert.Equal("Bearer", active.GetProperty("token_type").GetString());

        // Another partner learns nothing, not even that the token exists.
        var otherPartner = "other-partner-" + Guid.NewGuid().ToString("N")[..8];
        await TestClients.RegisterAsync(fixture.Api.Services, new BootstrapClient { ClientId = otherPartner, Secret = "other-partner-secret-0123456789", Scopes = ["partner"] });
        var hidden = await IntrospectAsync(anonymous, accessToken, otherPartner, "other-partner-secret-0123456789");
        Assert.Equal(["active"], hidden.EnumerateObject().Select(p => p.Name));
        Assert.False(hidden.GetProperty("active").GetBoolean());

        // A revoked sign-in is inactive at once; so is anything that is not a token.
        await (await anonymous.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = TestSettings.FrontendId,
            ["token"] = tokens.GetProperty("refresh_token").GetString()!,
        }))).AssertStatusAsync(HttpStatusCode.OK);
        Assert.False((await IntrospectAsync(anonymous, accessToken, TestSettings.PartnerId, TestSettings.PartnerSecret)).GetProperty("active").GetBoolean());
        Assert.False((await IntrospectAsync(anonymous, "garbage", TestSettings.PartnerId, TestSettings.PartnerSecret)).GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_partner_introspects_its_own_client_credentials_token()
    {
        using var anonymous = fixture.Api.Client();
        var partnerToken = await (await anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = TestSettings.PartnerId,
            ["client_secret"] = TestSettings.PartnerSecret,
        }))).AssertStatusAsync(HttpStatusCode.OK);

        var answer = await IntrospectAsync(anonymous, partnerToken.GetProperty("access_token").GetString()!, TestSettings.PartnerId, TestSettings.PartnerSecret);

        Assert.True(answer.GetProperty("active").GetBoolean());
        Assert.Equal("partner", answer.GetProperty("scope").GetString());
        Assert.Equal(TestSettings.PartnerId, answer.GetProperty("sub").GetString());
        Assert.False(answer.TryGetProperty(ClaimNames.Tenant, out _));
    }

    [Fact]
    public async Task The_token_of_a_suspended_company_is_inactive_to_its_partner()
    {
        var (_, tokens) = await SignedInAsync("api");
        var accessToken = tokens.GetProperty("access_token").GetString()!;
        using var user = Bearer(accessToken);
        await SuspendAsync(user);
        using var anonymous = fixture.Api.Client();

        var answer = await IntrospectAsync(anonymous, accessToken, TestSettings.PartnerId, TestSettings.PartnerSecret);

        Assert.False(answer.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_frontend_cannot_introspect_and_a_wrong_secret_is_invalid_client()
    {
        var (_, tokens) = await SignedInAsync("api");
        using var anonymous = fixture.Api.Client();

        var frontend = await anonymous.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = TestSettings.FrontendId,
            ["token"] = tokens.GetProperty("access_token").GetString()!,
        }));
        var wrongSecret = await anonymous.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = TestSettings.PartnerId,
            ["client_secret"] = "wrong",
            ["token"] = tokens.GetProperty("access_token").GetString()!,
        }));

        Assert.True(frontend.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{(int)frontend.StatusCode}");
        Assert.False((await frontend.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("active", out _));
        Assert.Equal("invalid_client", (await wrongSecret.AssertStatusAsync(HttpStatusCode.Unauthorized)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Partners_register_post_logout_redirect_uris_with_their_frontends()
    {
        using var partner = await fixture.Api.PartnerClientAsync();

        var registered = await (await partner.PostAsJsonAsync("/api/v1/partner/clients", new
        {
            name = "SPA",
            redirectUris = new[] { "https://app.example/callback" },
            postLogoutRedirectUris = new[] { "https://app.example/signed-out" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        var invalid = await partner.PostAsJsonAsync("/api/v1/partner/clients", new
        {
            name = "SPA",
            redirectUris = new[] { "https://app.example/callback" },
            postLogoutRedirectUris = new[] { "http://app.example/signed-out#x" },
        });

        Assert.Equal(["https://app.example/signed-out"], registered.GetProperty("postLogoutRedirectUris").EnumerateArray().Select(u => u.GetString()));
        var problem = await invalid.AssertStatusAsync(HttpStatusCode.BadRequest);
        Assert.StartsWith("postLogoutRedirectUris", problem.GetProperty("errors").EnumerateObject().Single().Name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A new tenant's admin signs in through the test frontend for <paramref name="scope"/>; returns the e-mail and the
    /// token response of the code exchange.</summary>
    private async Task<(string Email, JsonElement Tokens)> SignedInAsync(string scope)
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        using var browser = fixture.Api.Client();
        var pkce = BrowserSignIn.Pkce.Create();
        var redirect = await BrowserSignIn.SignInAsync(browser, TestSettings.FrontendId, TestSettings.FrontendRedirect, pkce, email, Password, scope);
        var tokens = await (await browser.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = TestSettings.FrontendId,
            ["code"] = redirect["code"],
            ["redirect_uri"] = TestSettings.FrontendRedirect,
            ["code_verifier"] = pkce.Verifier,
        }))).AssertStatusAsync(HttpStatusCode.OK);
        return (email, tokens);
    }

    private static async Task<JsonElement> IntrospectAsync(HttpClient client, string token, string clientId, string secret) =>
        await (await client.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["token"] = token,
        }))).AssertStatusAsync(HttpStatusCode.OK);

    /// <summary>The test partner suspends the company of <paramref name="user"/>.</summary>
    private async Task SuspendAsync(HttpClient user)
    {
        var tenant = await (await user.GetAsync("/api/v1/tenant")).AssertStatusAsync(HttpStatusCode.OK);
        using var partner = await fixture.Api.PartnerClientAsync();
        await (await partner.PatchAsJsonAsync($"/api/v1/partner/tenants/{tenant.GetProperty("id").GetGuid()}", new { status = "suspended" }))
            .AssertStatusAsync(HttpStatusCode.OK);
    }

    private HttpClient Bearer(string accessToken)
    {
        var client = fixture.Api.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
