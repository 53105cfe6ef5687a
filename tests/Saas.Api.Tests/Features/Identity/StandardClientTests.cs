using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using OpenIddict.Client;
using Saas.Api.Tests.Infrastructure;
using static OpenIddict.Abstractions.OpenIddictExceptions;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>The token service as a strict, independent OpenID Connect client sees it: OpenIddict's client, unmodified, in a
/// frontend of its own (<see cref="OidcFrontend"/>). Only the protocol is tested (what the client sends and what it accepts),
/// so these tests hold whichever implementation answers behind the discovery document.</summary>
public class StandardClientTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task The_client_signs_a_user_in_with_the_code_flow_and_the_access_token_calls_the_api()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        await using var frontend = await OidcFrontend.StartAsync(fixture.Api);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var (authorize, response, callback) = await SignInAsync(frontend, email);

        // What the client asked for, which the server accepted: PKCE S256, a state and a nonce.
        using var anonymous = fixture.Api.Client();
        var discovery = await (await anonymous.GetAsync("/.well-known/openid-configuration")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(discovery.GetProperty("authorization_endpoint").GetString(), authorize.GetLeftPart(UriPartial.Path));
        var request = QueryHelpers.ParseQuery(authorize.Query);
        Assert.Equal(("code", "S256"), (request["response_type"].ToString(), request["code_challenge_method"].ToString()));
        Assert.False(string.IsNullOrEmpty(request["state"]) || string.IsNullOrEmpty(request["nonce"]));
        // The client validated the authorization response and the ID token (else the callback is its error).
        var signedIn = await SignedInAsync(callback);
        Assert.False(string.IsNullOrEmpty(signedIn.Claims["sub"].Single()));
        Assert.InRange(long.Parse(signedIn.Claims["auth_time"].Single()), before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Contains(frontend.ClientId, signedIn.Claims["aud"]);
        Assert.NotNull(signedIn.RefreshToken);
        // One issuer identifier, character for character, in discovery, the authorization response (RFC 9207 §2.4: simple
        // string comparison) and the ID token (OpenID Connect Core §3.1.3.7: exact match). The client compares them as URIs,
        // "http://host:port" and "http://host:port/" alike, so this is checked here.
        var issuer = discovery.GetProperty("issuer").GetString();
        Assert.Equal(issuer, QueryHelpers.ParseQuery(response.Query)["iss"].ToString());
        Assert.Equal(issuer, signedIn.Claims["iss"].Single());

        using var user = UserClient(signedIn.AccessToken!);
        await (await user.GetAsync("/api/v1/tenant")).AssertStatusAsync(HttpStatusCode.OK);
    }

    /// <summary>OpenID Connect Core §12.2: a refreshed ID token has the same <c>iss</c>, <c>sub</c>, <c>aud</c> and
    /// <c>auth_time</c>; the refresh token rotates, and presenting a used one revokes the family (RFC 9700 §4.14.2).</summary>
    [Fact]
    public async Task The_client_refreshes_with_rotation_and_a_reused_refresh_token_ends_the_family()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        await using var frontend = await OidcFrontend.StartAsync(fixture.Api);
        var signedIn = await SignedInAsync((await SignInAsync(frontend, email)).Callback);
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // so that a refreshed ID token's times differ from the first one's

        var refreshed = await RefreshAsync(frontend, signedIn.RefreshToken!);

        Assert.False(string.IsNullOrEmpty(refreshed.RefreshToken));
        Assert.NotEqual(signedIn.RefreshToken, refreshed.RefreshToken);
        Assert.NotEqual(signedIn.AccessToken, refreshed.AccessToken);
        // The client validated the refreshed ID token (signature, iss, aud) before returning its principal.
        Assert.NotNull(refreshed.IdentityToken);
        var idToken = refreshed.IdentityTokenPrincipal!;
        Assert.Equal(signedIn.Claims["sub"].Single(), idToken.GetClaim(OpenIddictConstants.Claims.Subject));
        Assert.Equal(signedIn.Claims["auth_time"].Single(), idToken.GetClaim(OpenIddictConstants.Claims.AuthenticationTime));
        Assert.True(long.Parse(idToken.GetClaim(OpenIddictConstants.Claims.IssuedAt)!) > long.Parse(signedIn.Claims["iat"].Single()));
        Assert.Equal(signedIn.Claims["iss"].Single(), idToken.GetClaim(OpenIddictConstants.Claims.Issuer));
        Assert.Contains(frontend.ClientId, idToken.GetClaims(OpenIddictConstants.Claims.Audience));
        using var user = UserClient(refreshed.AccessToken);
        await (await user.GetAsync("/api/v1/tenant")).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal(OpenIddictConstants.Errors.InvalidGrant,
            (await Assert.ThrowsAsync<ProtocolException>(() => RefreshAsync(frontend, signedIn.RefreshToken!))).Error);
        Assert.Equal(OpenIddictConstants.Errors.InvalidGrant,
            (await Assert.ThrowsAsync<ProtocolException>(() => RefreshAsync(frontend, refreshed.RefreshToken!))).Error);
    }

    /// <summary>RFC 7009 through the discovery document's <c>revocation_endpoint</c>: a revoked refresh token is refused, and
    /// the access tokens of its grant stop too (§2.1).</summary>
    [Fact]
    public async Task The_client_revokes_the_refresh_token_and_it_no_longer_refreshes()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        await using var frontend = await OidcFrontend.StartAsync(fixture.Api);
        var signedIn = await SignedInAsync((await SignInAsync(frontend, email)).Callback);

        await frontend.Client.RevokeTokenAsync(new OpenIddictClientModels.RevocationRequest
        {
            RegistrationId = OidcFrontend.UserRegistration,
            Token = signedIn.RefreshToken!,
            TokenTypeHint = OpenIddictConstants.TokenTypeHints.RefreshToken,
        });

        Assert.Equal(OpenIddictConstants.Errors.InvalidGrant,
            (await Assert.ThrowsAsync<ProtocolException>(() => RefreshAsync(frontend, signedIn.RefreshToken!))).Error);
        using var user = UserClient(signedIn.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/tenant")).StatusCode);
    }

    /// <summary>RP-Initiated Logout 1.0 through the discovery document's <c>end_session_endpoint</c>: the client sends its ID token
    /// as the hint and its registered post-logout address with a state, and accepts the way back only with that state. The
    /// sign-in ends: its refresh token is refused, its access token stops.</summary>
    [Fact]
    public async Task The_client_signs_out_at_the_end_session_endpoint_and_the_sign_in_ends()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        await using var frontend = await OidcFrontend.StartAsync(fixture.Api);
        var signedIn = await SignedInAsync((await SignInAsync(frontend, email)).Callback);
        using var browser = fixture.Api.Client();

        var endSession = RedirectTarget(await browser.GetAsync(frontend.Origin + "/logout?idTokenHint=" + Uri.EscapeDataString(signedIn.IdToken!)));
        var discovery = await (await browser.GetAsync("/.well-known/openid-configuration")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(discovery.GetProperty("end_session_endpoint").GetString(), endSession.GetLeftPart(UriPartial.Path));
        var request = QueryHelpers.ParseQuery(endSession.Query);
        Assert.Equal(frontend.PostLogoutRedirectUri, request["post_logout_redirect_uri"].ToString());
        Assert.Equal(signedIn.IdToken, request["id_token_hint"].ToString());
        var back = RedirectTarget(await browser.GetAsync(endSession));
        Assert.Equal(request["state"].ToString(), QueryHelpers.ParseQuery(back.Query)["state"].ToString());
        var answer = await (await browser.GetAsync(back)).AssertStatusAsync(HttpStatusCode.OK);

        Assert.Equal("true", answer.GetProperty("signed_out").GetString());
        Assert.Equal(OpenIddictConstants.Errors.InvalidGrant,
            (await Assert.ThrowsAsync<ProtocolException>(() => RefreshAsync(frontend, signedIn.RefreshToken!))).Error);
        using var user = UserClient(signedIn.AccessToken!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/tenant")).StatusCode);
    }

    /// <summary>RFC 7662 from a partner's resource server with the same library: the access token a frontend of the partner
    /// was issued is active, with its scopes and the user it speaks for; once revoked, it is not.</summary>
    [Fact]
    public async Task A_partners_resource_server_introspects_a_frontends_access_token()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        await using var frontend = await OidcFrontend.StartAsync(fixture.Api);
        var signedIn = await SignedInAsync((await SignInAsync(frontend, email)).Callback);

        // The partner's resource server asks about the access token it was shown.
        async Task<OpenIddictClientModels.IntrospectionResult> IntrospectAsync() =>
            await frontend.Client.IntrospectTokenAsync(new OpenIddictClientModels.IntrospectionRequest
            {
                RegistrationId = OidcFrontend.PartnerRegistration,
                Token = signedIn.AccessToken!,
            });

        var introspected = await IntrospectAsync();

        Assert.Equal(signedIn.Claims["sub"].Single(), introspected.Principal.GetClaim(OpenIddictConstants.Claims.Subject));
        Assert.Contains("api", introspected.Principal.GetScopes());
        Assert.Equal(frontend.ClientId, introspected.Principal.GetClaim(OpenIddictConstants.Claims.ClientId));

        await frontend.Client.RevokeTokenAsync(new OpenIddictClientModels.RevocationRequest
        {
            RegistrationId = OidcFrontend.UserRegistration,
            Token = signedIn.RefreshToken!,
        });
        await Assert.ThrowsAnyAsync<ProtocolException>(IntrospectAsync);
    }

    /// <summary>OpenID Connect Core §3.1.2.6: <c>prompt=none</c> with no sign-in session to use comes straight back with
    /// <c>login_required</c>. The client reports that error only after it accepted the response's <c>state</c> and
    /// <c>iss</c> (RFC 9207); either one wrong would be its own <c>invalid_request</c> instead.</summary>
    [Fact]
    public async Task Prompt_none_comes_back_to_the_client_as_login_required()
    {
        await using var frontend = await OidcFrontend.StartAsync(fixture.Api);
        using var browser = fixture.Api.Client();

        var challenge = await browser.GetAsync(frontend.Origin + "/login?prompt=none");
        var authorize = RedirectTarget(challenge);
        Assert.Equal("none", QueryHelpers.ParseQuery(authorize.Query)["prompt"].ToString());
        var answer = await browser.GetAsync(authorize);
        Assert.StartsWith(frontend.RedirectUri + "?", RedirectTarget(answer).AbsoluteUri); // no sign-in page in between
        var callback = await browser.GetAsync(RedirectTarget(answer));

        var error = await callback.AssertStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal(OpenIddictConstants.Errors.LoginRequired, error.GetProperty("error").GetString());
    }

    /// <summary>A partner's backend with the same library: client credentials (with the secret) for the <c>partner</c> scope.</summary>
    [Fact]
    public async Task A_partner_gets_a_token_with_client_credentials_and_lists_its_tenants()
    {
        await using var frontend = await OidcFrontend.StartAsync(fixture.Api);

        var token = await frontend.Client.AuthenticateWithClientCredentialsAsync(new OpenIddictClientModels.ClientCredentialsAuthenticationRequest
        {
            RegistrationId = OidcFrontend.PartnerRegistration,
            Scopes = ["partner"],
        });

        Assert.Equal("partner", token.TokenResponse.Scope);
        using var partner = UserClient(token.AccessToken);
        var tenants = await (await partner.GetAsync("/api/v1/partner/tenants")).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Array, tenants.GetProperty("items").ValueKind);
    }

    /// <summary>A browser through the whole sign-in: the frontend's challenge, the API's sign-in page, and back to the
    /// frontend's callback. Returns the authorization request the client built, the server's authorization response, and the
    /// callback's answer.</summary>
    private async Task<(Uri Authorize, Uri Response, HttpResponseMessage Callback)> SignInAsync(OidcFrontend frontend, string email)
    {
        // One cookie jar for both origins (the client's correlation cookie, the sign-in form's antiforgery cookie);
        // redirects followed by hand.
        using var browser = fixture.Api.Client();
        var authorize = RedirectTarget(await browser.GetAsync(frontend.Origin + "/login"));
        var html = await BrowserSignIn.LoadFormAsync(browser, authorize.AbsoluteUri);
        var submitted = await BrowserSignIn.SubmitAsync(browser, html, email, Password);
        var back = RedirectTarget(submitted);
        Assert.StartsWith(frontend.RedirectUri + "?", back.AbsoluteUri);
        return (authorize, back, await browser.GetAsync(back));
    }

    private static async Task<OidcFrontend.SignedIn> SignedInAsync(HttpResponseMessage callback)
    {
        await callback.AssertStatusAsync(HttpStatusCode.OK);
        return (await callback.Content.ReadFromJsonAsync<OidcFrontend.SignedIn>(JsonSerializerOptions.Web))!;
    }

    private static Uri RedirectTarget(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"Expected a redirect, got {(int)response.StatusCode}: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        return new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
    }

    private static async Task<OpenIddictClientModels.RefreshTokenAuthenticationResult> RefreshAsync(OidcFrontend frontend, string refreshToken) =>
        await frontend.Client.AuthenticateWithRefreshTokenAsync(new OpenIddictClientModels.RefreshTokenAuthenticationRequest
        {
            RegistrationId = OidcFrontend.UserRegistration,
            RefreshToken = refreshToken,
        });

    private HttpClient UserClient(string accessToken)
    {
        var client = fixture.Api.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }
}
