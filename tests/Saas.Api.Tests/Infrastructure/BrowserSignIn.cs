using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>What a browser does in the authorization code flow: load the sign-in form, post it with the
/// hidden fields and the antiforgery token (and cookie), and follow nothing: the 302 is the result.</summary>
public static partial class BrowserSignIn
{
    public sealed record Pkce(string Verifier, string Challenge)
    {
        public static Pkce Create()
        {
            var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            return new Pkce(verifier, Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        }
    }

    /// <summary>A tenant of the test partner with its admin activated through the public API, ready to sign in with
    /// <paramref name="password"/>; returns the admin's e-mail.</summary>
    public static async Task<string> ActivatedAdminAsync(ApiFactory api, string password)
    {
        using var partner = await api.PartnerClientAsync();
        var email = $"u-{Guid.NewGuid():N}@example.com";
        var tenant = await (await partner.PostAsJsonAsync("/api/v1/partner/tenants", new
        {
            name = "Acme",
            slug = "acme-" + Guid.NewGuid().ToString("N")[..10],
            currency = "USD",
            timeZone = "America/New_York",
            locale = "en",
            admin = new { email, fullName = "Ann Admin" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        using var anonymous = api.Client();
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/activate", new
        {
            activationToken = tenant.GetProperty("admin").GetProperty("activationToken").GetString(),
            password,
        })).AssertStatusAsync(HttpStatusCode.OK);
        return email;
    }

    public static string AuthorizeUrl(string clientId, string redirectUri, Pkce pkce, string state = "xyz", string scope = "api offline_access",
        string method = "S256") =>
        QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["code_challenge"] = pkce.Challenge,
            ["code_challenge_method"] = method,
        });

    public static async Task<string> LoadFormAsync(HttpClient browser, string authorizeUrl)
    {
        var page = await browser.GetAsync(authorizeUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return await page.Content.ReadAsStringAsync();
    }

    public static Dictionary<string, string> HiddenFields(string html) =>
        HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    public static async Task<HttpResponseMessage> SubmitAsync(HttpClient browser, string html, string email, string password)
    {
        var fields = HiddenFields(html);
        fields["email"] = email;
        fields["password"] = password;
        return await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));
    }

    /// <summary>Signs in and returns the query of the redirect back to the client.</summary>
    public static async Task<Dictionary<string, string>> SignInAsync(HttpClient browser, string clientId, string redirectUri, Pkce pkce,
        string email, string password, string scope = "api offline_access", string state = "xyz")
    {
        var html = await LoadFormAsync(browser, AuthorizeUrl(clientId, redirectUri, pkce, state, scope));
        var response = await SubmitAsync(browser, html, email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return RedirectQuery(response, redirectUri);
    }

    /// <summary>The companies a sign-in page offers to choose from, by tenant id, with the names shown.</summary>
    public static Dictionary<Guid, string> Choices(string html) =>
        ChoiceButton().Matches(html).ToDictionary(m => Guid.Parse(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));

    /// <summary>Presses the button of one company on the page that asks which one to sign in to.</summary>
    public static async Task<HttpResponseMessage> ChooseAsync(HttpClient browser, string html, Guid tenant)
    {
        var fields = HiddenFields(html);
        fields["tenant"] = tenant.ToString();
        return await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));
    }

    public static Dictionary<string, string> RedirectQuery(HttpResponseMessage response, string redirectUri)
    {
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith(redirectUri + "?", location);
        return QueryHelpers.ParseQuery(new Uri(location).Query).ToDictionary(p => p.Key, p => p.Value.ToString());
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<button type=\"submit\" name=\"tenant\" value=\"([^\"]*)\">([^<]*)</button>")]
    private static partial Regex ChoiceButton();
}
