using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>The sign-in page and the authorization endpoint: no open redirect, PKCE S256 only, antiforgery,
/// framing refused, single-use codes, and lockout that says nothing about which e-mails exist.</summary>
public class SignInTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private const string Password = "correct horse battery staple";

    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, Dictionary<string, string> form) =>
        client.PostAsync("/connect/token", new FormUrlEncodedContent(form));

    private static Dictionary<string, string> CodeExchange(string code, BrowserSignIn.Pkce pkce, string redirect = ApiFactory.FrontendRedirect) => new()
    {
        ["grant_type"] = "authorization_code",
        ["client_id"] = ApiFactory.FrontendId,
        ["code"] = code,
        ["redirect_uri"] = redirect,
        ["code_verifier"] = pkce.Verifier,
    };

    [Fact]
    public async Task The_form_is_plain_html_with_antiforgery_and_refuses_framing()
    {
        using var browser = fixture.Api.Client();
        var response = await browser.GetAsync(BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, BrowserSignIn.Pkce.Create()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("type=\"email\"", html);
        Assert.Contains("type=\"password\"", html);
        Assert.Contains("__RequestVerificationToken", BrowserSignIn.HiddenFields(html).Keys);
    }

    [Fact]
    public async Task An_unknown_client_or_an_unregistered_redirect_is_an_error_page_and_never_a_redirect()
    {
        using var browser = fixture.Api.Client();
        var pkce = BrowserSignIn.Pkce.Create();
        foreach (var url in new[]
        {
            BrowserSignIn.AuthorizeUrl("no-such-client", ApiFactory.FrontendRedirect, pkce),
            BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, "https://evil.example/callback", pkce),
            BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect + "/extra", pkce),
            BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect.ToUpperInvariant(), pkce),
            BrowserSignIn.AuthorizeUrl(ApiFactory.PartnerId, ApiFactory.FrontendRedirect, pkce), // a confidential client has no redirects
        })
        {
            var response = await browser.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Null(response.Headers.Location);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Theory]
    [InlineData("plain", "invalid_request")]
    [InlineData("", "invalid_request")]
    public async Task Pkce_other_than_s256_goes_back_as_an_error_with_state_and_iss(string method, string error)
    {
        using var browser = fixture.Api.Client();
        var response = await browser.GetAsync(BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect,
            BrowserSignIn.Pkce.Create(), state: "s1", method: method));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = BrowserSignIn.RedirectQuery(response, ApiFactory.FrontendRedirect);
        Assert.Equal(error, query["error"]);
        Assert.Equal("s1", query["state"]);
        Assert.Equal(fixture.Api.BaseAddress, query["iss"]);
    }

    [Fact]
    public async Task Unknown_scopes_and_response_types_go_back_as_errors()
    {
        using var browser = fixture.Api.Client();
        var bad = await browser.GetAsync(BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, BrowserSignIn.Pkce.Create(), scope: "api partner"));
        Assert.Equal("invalid_scope", BrowserSignIn.RedirectQuery(bad, ApiFactory.FrontendRedirect)["error"]);
        var implicitFlow = await browser.GetAsync(BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, BrowserSignIn.Pkce.Create())
            .Replace("response_type=code", "response_type=token"));
        Assert.Equal("unsupported_response_type", BrowserSignIn.RedirectQuery(implicitFlow, ApiFactory.FrontendRedirect)["error"]);
    }

    [Fact]
    public async Task Prompt_none_goes_back_with_login_required_and_unusable_prompt_or_max_age_values_with_invalid_request()
    {
        using var browser = fixture.Api.Client();
        async Task<Dictionary<string, string>> AnswerAsync(string extra) => BrowserSignIn.RedirectQuery(
            await browser.GetAsync(BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, BrowserSignIn.Pkce.Create(), state: "s2")
                + extra), ApiFactory.FrontendRedirect);

        // OpenID Connect Core §3.1.2.1: no page may be shown, and no sign-in session exists to continue without one.
        var none = await AnswerAsync("&prompt=none");
        Assert.Equal(("login_required", "s2", fixture.Api.BaseAddress), (none["error"], none["state"], none["iss"]));
        Assert.DoesNotContain("code", none.Keys);

        Assert.Equal("invalid_request", (await AnswerAsync("&prompt=none%20login"))["error"]);
        Assert.Equal("invalid_request", (await AnswerAsync("&prompt=sideways"))["error"]);
        Assert.Equal("invalid_request", (await AnswerAsync("&max_age=-5"))["error"]);
        Assert.Equal("invalid_request", (await AnswerAsync("&max_age=soon"))["error"]);
    }

    [Fact]
    public async Task Prompt_login_and_max_age_show_the_sign_in_page_and_the_sign_in_completes()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        using var browser = fixture.Api.Client();
        var pkce = BrowserSignIn.Pkce.Create();
        var html = await BrowserSignIn.LoadFormAsync(browser,
            BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, pkce, scope: "openid api") + "&prompt=login&max_age=0");
        Assert.Equal(("login", "0"), (BrowserSignIn.HiddenFields(html)["prompt"], BrowserSignIn.HiddenFields(html)["max_age"]));

        var response = await BrowserSignIn.SubmitAsync(browser, html, email, Password);

        using var client = fixture.Api.Client();
        var tokens = await (await TokenAsync(client, CodeExchange(BrowserSignIn.RedirectQuery(response, ApiFactory.FrontendRedirect)["code"], pkce)))
            .AssertStatusAsync(HttpStatusCode.OK);
        Assert.True(new JsonWebToken(tokens.GetProperty("id_token").GetString()).TryGetPayloadValue<long>("auth_time", out _));
    }

    /// <summary>OpenID Connect Core §2 and §12.2: <c>auth_time</c> is when the user entered their password, at the code
    /// exchange and in every refreshed ID token, not when each token was issued.</summary>
    [Fact]
    public async Task An_id_token_reports_when_the_user_signed_in_at_the_exchange_and_after_a_refresh()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        using var browser = fixture.Api.Client();
        using var client = fixture.Api.Client();
        var pkce = BrowserSignIn.Pkce.Create();
        var html = await BrowserSignIn.LoadFormAsync(browser,
            BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, pkce, scope: "openid api offline_access"));
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var code = BrowserSignIn.RedirectQuery(await BrowserSignIn.SubmitAsync(browser, html, email, Password), ApiFactory.FrontendRedirect)["code"];
        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        static long AuthTime(JsonElement tokens) => new JsonWebToken(tokens.GetProperty("id_token").GetString()).GetPayloadValue<long>("auth_time");

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var exchanged = await (await TokenAsync(client, CodeExchange(code, pkce))).AssertStatusAsync(HttpStatusCode.OK);
        Assert.InRange(AuthTime(exchanged), before, after);

        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var refreshed = await (await TokenAsync(client, new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = ApiFactory.FrontendId,
            ["refresh_token"] = exchanged.GetProperty("refresh_token").GetString()!,
        })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(AuthTime(exchanged), AuthTime(refreshed));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        using var browser = fixture.Api.Client();
        var html = await BrowserSignIn.LoadFormAsync(browser, BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, BrowserSignIn.Pkce.Create()));
        var fields = BrowserSignIn.HiddenFields(html);
        fields.Remove("__RequestVerificationToken");
        fields["email"] = email;
        fields["password"] = Password;

        var response = await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task A_code_works_once_and_its_second_use_revokes_what_the_first_obtained()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        using var browser = fixture.Api.Client();
        var pkce = BrowserSignIn.Pkce.Create();
        var code = (await BrowserSignIn.SignInAsync(browser, ApiFactory.FrontendId, ApiFactory.FrontendRedirect, pkce, email, Password))["code"];
        using var client = fixture.Api.Client();

        var first = await (await TokenAsync(client, CodeExchange(code, pkce))).AssertStatusAsync(HttpStatusCode.OK);
        using var user = fixture.Api.Client();
        user.DefaultRequestHeaders.Authorization = new("Bearer", first.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/v1/tenant")).StatusCode);

        var second = await (await TokenAsync(client, CodeExchange(code, pkce))).AssertStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", second.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.GetAsync("/api/v1/tenant")).StatusCode);
        var refresh = await (await TokenAsync(client, new()
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = ApiFactory.FrontendId,
            ["refresh_token"] = first.GetProperty("refresh_token").GetString()!,
        })).AssertStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", refresh.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_code_needs_the_right_verifier_and_redirect_uri()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        using var browser = fixture.Api.Client();
        using var client = fixture.Api.Client();
        var pkce = BrowserSignIn.Pkce.Create();

        var code = (await BrowserSignIn.SignInAsync(browser, ApiFactory.FrontendId, ApiFactory.FrontendRedirect, pkce, email, Password))["code"];
        var wrongVerifier = await (await TokenAsync(client, CodeExchange(code, BrowserSignIn.Pkce.Create()))).AssertStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", wrongVerifier.GetProperty("error").GetString());

        code = (await BrowserSignIn.SignInAsync(browser, ApiFactory.FrontendId, ApiFactory.FrontendRedirect, pkce, email, Password))["code"];
        var wrongRedirect = await (await TokenAsync(client, CodeExchange(code, pkce, "http://127.0.0.1/other"))).AssertStatusAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_grant", wrongRedirect.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_unknown_email_gets_the_same_answer_as_a_wrong_password()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        using var browser = fixture.Api.Client();
        var url = BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, BrowserSignIn.Pkce.Create());

        var wrongPassword = await BrowserSignIn.SubmitAsync(browser, await BrowserSignIn.LoadFormAsync(browser, url), email, "wrong password 123");
        var unknownEmail = await BrowserSignIn.SubmitAsync(browser, await BrowserSignIn.LoadFormAsync(browser, url), "nobody-" + email, "wrong password 123");

        Assert.Equal(wrongPassword.StatusCode, unknownEmail.StatusCode);
        string Normalise(string html, string address) =>
            System.Text.RegularExpressions.Regex.Replace(html, "name=\"__RequestVerificationToken\" value=\"[^\"]*\"", "").Replace(address, "EMAIL");
        Assert.Equal(Normalise(await wrongPassword.Content.ReadAsStringAsync(), email),
            Normalise(await unknownEmail.Content.ReadAsStringAsync(), "nobody-" + email));
    }

    [Fact]
    public async Task Repeated_failures_lock_sign_in_even_with_the_right_password_and_unknown_emails_lock_alike()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        using var browser = fixture.Api.Client();
        var pkce = BrowserSignIn.Pkce.Create();
        var url = BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, pkce);

        async Task<string> AttemptAsync(string address, string password)
        {
            var response = await BrowserSignIn.SubmitAsync(browser, await BrowserSignIn.LoadFormAsync(browser, url), address, password);
            return response.StatusCode == HttpStatusCode.Redirect ? "signed-in" : await response.Content.ReadAsStringAsync();
        }

        for (var attempt = 0; attempt < 4; attempt++)
            Assert.Contains("incorrect", await AttemptAsync(email, "wrong password " + attempt));
        Assert.Contains("locked", await AttemptAsync(email, "wrong password 4"));
        Assert.Contains("locked", await AttemptAsync(email, Password)); // the right password no longer helps

        var unknown = "ghost-" + email;
        for (var attempt = 0; attempt < 4; attempt++)
            Assert.Contains("incorrect", await AttemptAsync(unknown, "wrong password " + attempt));
        Assert.Contains("locked", await AttemptAsync(unknown, "wrong password 4"));
    }

    /// <summary>Concurrent guesses must not all read "not locked" and then be checked after the limit was reached: at most
    /// <c>MaxFailedSignIns</c> (5) attempts are checked at all, however they interleave, and the right password sent
    /// after 29 wrong ones does not get through.</summary>
    [Fact]
    public async Task Concurrent_guesses_check_at_most_the_allowed_number_of_passwords()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        var url = BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, BrowserSignIn.Pkce.Create());
        var browsers = Enumerable.Range(0, 30).Select(_ => fixture.Api.Client()).ToList();
        var forms = await Task.WhenAll(browsers.Select(browser => BrowserSignIn.LoadFormAsync(browser, url)));

        async Task<string> AttemptAsync(int index)
        {
            var response = await BrowserSignIn.SubmitAsync(browsers[index], forms[index], email, index == 29 ? Password : "wrong password " + index);
            if (response.StatusCode == HttpStatusCode.Redirect)
                return "signed in";
            var html = await response.Content.ReadAsStringAsync();
            return html.Contains("incorrect", StringComparison.Ordinal) ? "incorrect" : html.Contains("locked", StringComparison.Ordinal) ? "locked" : html;
        }
        var wrong = Enumerable.Range(0, 29).Select(AttemptAsync).ToList();
        await Task.Delay(50);
        var right = AttemptAsync(29);
        var outcomes = await Task.WhenAll(wrong.Append(right));
        browsers.ForEach(browser => browser.Dispose());

        var summary = string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Count()} {g.Key}"));
        Assert.All(outcomes, outcome => Assert.Contains(outcome, new[] { "signed in", "incorrect", "locked" }));
        // Every checked attempt answers "incorrect" or "signed in", except the one whose failure reached the limit ("locked").
        Assert.True(outcomes.Count(o => o is "incorrect" or "signed in") <= 5, summary);
        Assert.True(outcomes.Count(o => o == "incorrect") <= 4, summary);
    }

    [Fact]
    public async Task A_user_of_another_partners_tenant_cannot_sign_in_through_this_partners_frontend()
    {
        var email = await BrowserSignIn.ActivatedAdminAsync(fixture.Api, Password);
        using var partner = await fixture.Api.PartnerClientAsync();
        // A frontend of a different partner (registered as configuration would).
        await TestClients.RegisterAsync(fixture.Api.Services,
            new BootstrapClient { ClientId = "other-partner", Name = "Other", Secret = "other-partner-secret-0123456789", Scopes = ["partner"] },
            new BootstrapClient
            {
                ClientId = "other-frontend",
                Name = "Other app",
                Scopes = ["api"],
                RedirectUris = ["https://other.example/cb"],
                PartnerClientId = "other-partner",
            });
        using var browser = fixture.Api.Client();
        var html = await BrowserSignIn.LoadFormAsync(browser, BrowserSignIn.AuthorizeUrl("other-frontend", "https://other.example/cb", BrowserSignIn.Pkce.Create(), scope: "api"));

        var response = await BrowserSignIn.SubmitAsync(browser, html, email, Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("incorrect", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Token_endpoint_errors_follow_rfc_6749()
    {
        using var client = fixture.Api.Client();
        async Task<(HttpStatusCode Status, string Error)> ErrorOf(Dictionary<string, string> form, string? basic = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token") { Content = new FormUrlEncodedContent(form) };
            if (basic is not null)
                request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(basic)));
            var response = await client.SendAsync(request);
            Assert.True(response.Headers.CacheControl?.NoStore);
            return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString()!);
        }

        Assert.Equal((HttpStatusCode.BadRequest, "unsupported_grant_type"), await ErrorOf(new() { ["grant_type"] = "password", ["client_id"] = ApiFactory.PartnerId }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), await ErrorOf(new() { ["client_id"] = ApiFactory.PartnerId }));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), await ErrorOf(new()
        { ["grant_type"] = "client_credentials", ["client_id"] = ApiFactory.PartnerId, ["client_secret"] = "wrong" }));
        Assert.Equal((HttpStatusCode.Unauthorized, "invalid_client"), await ErrorOf(new() { ["grant_type"] = "client_credentials" },
            basic: $"{ApiFactory.PartnerId}:wrong"));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), await ErrorOf(new()
        { ["grant_type"] = "client_credentials", ["client_secret"] = ApiFactory.PartnerSecret }, basic: $"{ApiFactory.PartnerId}:{ApiFactory.PartnerSecret}"));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_scope"), await ErrorOf(new()
        { ["grant_type"] = "client_credentials", ["client_id"] = ApiFactory.PartnerId, ["client_secret"] = ApiFactory.PartnerSecret, ["scope"] = "api" }));
        Assert.Equal((HttpStatusCode.BadRequest, "unauthorized_client"), await ErrorOf(new()
        { ["grant_type"] = "client_credentials", ["client_id"] = ApiFactory.FrontendId }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), await ErrorOf(new()
        { ["grant_type"] = "authorization_code", ["client_id"] = ApiFactory.FrontendId, ["code"] = "ac_forged", ["redirect_uri"] = ApiFactory.FrontendRedirect, ["code_verifier"] = new string('a', 43) }));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_grant"), await ErrorOf(new()
        { ["grant_type"] = "refresh_token", ["client_id"] = ApiFactory.FrontendId, ["refresh_token"] = "rt_forged" }));

        var json = await client.PostAsync("/connect/token", HttpAssertions.Json("{\"grant_type\":\"client_credentials\"}"));
        Assert.Equal("invalid_request", (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
