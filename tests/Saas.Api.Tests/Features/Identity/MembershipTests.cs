using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Features.Identity;

/// <summary>One person may belong to several companies. An e-mail is unique within a tenant only, so an invitation's
/// answer never depends on another tenant and nobody can take another company's address first; a password opens the
/// memberships it was set for, and when it opens several the sign-in page asks which company. A token is always for one.</summary>
public class MembershipTests(KestrelFixture fixture) : IClassFixture<KestrelFixture>
{
    private const string Password = "correct horse battery staple";

    private sealed record Company(Guid Id, string Name, string AdminActivationToken);

    private async Task<Company> ProvisionAsync(string adminEmail, string name)
    {
        using var partner = await fixture.Api.PartnerClientAsync();
        var created = await (await partner.PostAsJsonAsync("/api/v1/partner/tenants", new
        {
            name,
            slug = "m-" + Guid.NewGuid().ToString("N")[..12],
            currency = "EUR",
            timeZone = "Europe/Berlin",
            locale = "en",
            admin = new { email = adminEmail, fullName = "Ann Admin" },
        })).AssertStatusAsync(HttpStatusCode.Created);
        return new Company(created.GetProperty("id").GetGuid(), name, created.GetProperty("admin").GetProperty("activationToken").GetString()!);
    }

    private async Task ActivateAsync(string activationToken, string password)
    {
        using var anonymous = fixture.Api.Client();
        await (await anonymous.PostAsJsonAsync("/api/v1/auth/activate", new { activationToken, password })).AssertStatusAsync(HttpStatusCode.OK);
    }

    private async Task<string> InviteAsync(Guid tenant, string email, string role = "manager")
    {
        using var admin = fixture.Api.Client(tenant);
        var invited = await (await admin.PostAsJsonAsync("/api/v1/users", new { email, fullName = "Bob", role })).AssertStatusAsync(HttpStatusCode.Created);
        return invited.GetProperty("activationToken").GetString()!;
    }

    private static string NewEmail() => $"p-{Guid.NewGuid():N}@example.com";

    /// <summary>Exchanges a code for tokens and returns the access token's tenant and role.</summary>
    private async Task<(Guid Tenant, string Role)> ExchangeAsync(string code, BrowserSignIn.Pkce pkce)
    {
        using var client = fixture.Api.Client();
        var tokens = await (await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = ApiFactory.FrontendId,
            ["code"] = code,
            ["redirect_uri"] = ApiFactory.FrontendRedirect,
            ["code_verifier"] = pkce.Verifier,
        }))).AssertStatusAsync(HttpStatusCode.OK);
        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString());
        return (Guid.Parse(access.GetClaim("tenant_id").Value), access.GetClaim("role").Value);
    }

    private async Task<(HttpResponseMessage Response, string Html)> SubmitAsync(HttpClient browser, BrowserSignIn.Pkce pkce, string email, string password)
    {
        var form = await BrowserSignIn.LoadFormAsync(browser, BrowserSignIn.AuthorizeUrl(ApiFactory.FrontendId, ApiFactory.FrontendRedirect, pkce));
        var response = await BrowserSignIn.SubmitAsync(browser, form, email, password);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_invitation_or_a_new_company_never_answers_differently_because_of_another_tenants_users()
    {
        var email = NewEmail();
        var first = await ProvisionAsync(email, "First");
        var second = await ProvisionAsync(email.ToUpperInvariant(), "Second"); // the same person's address, provisioned elsewhere
        Assert.NotEqual(first.Id, second.Id);

        var colleague = NewEmail();
        await InviteAsync(first.Id, colleague);
        await InviteAsync(second.Id, colleague.ToUpperInvariant());

        using var firstAdmin = fixture.Api.Client(first.Id);
        await (await firstAdmin.PostAsJsonAsync("/api/v1/users", new { email = colleague.ToUpperInvariant(), fullName = "Again", role = "employee" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task A_person_in_two_companies_chooses_one_at_sign_in_and_gets_a_token_for_that_one_only()
    {
        var email = NewEmail();
        var alpha = await ProvisionAsync(email, "Alpha & Co");
        var beta = await ProvisionAsync(NewEmail(), "Beta");
        await ActivateAsync(alpha.AdminActivationToken, Password);
        await ActivateAsync(await InviteAsync(beta.Id, email, role: "employee"), Password);

        foreach (var (chosen, role) in new[] { (alpha, "admin"), (beta, "employee") })
        {
            using var browser = fixture.Api.Client();
            var pkce = BrowserSignIn.Pkce.Create();
            var (response, html) = await SubmitAsync(browser, pkce, email, Password);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var choices = BrowserSignIn.Choices(html);
            Assert.Equal(new Dictionary<Guid, string> { [alpha.Id] = "Alpha & Co", [beta.Id] = "Beta" }, choices);

            var redirect = await BrowserSignIn.ChooseAsync(browser, html, chosen.Id);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            var code = BrowserSignIn.RedirectQuery(redirect, ApiFactory.FrontendRedirect)["code"];
            Assert.Equal((chosen.Id, role), await ExchangeAsync(code, pkce));
        }
    }

    [Fact]
    public async Task The_choice_cannot_name_a_company_the_password_did_not_open_nor_be_forged_or_reused_for_another_request()
    {
        var email = NewEmail();
        var alpha = await ProvisionAsync(email, "Alpha");
        var beta = await ProvisionAsync(email, "Beta");
        var stranger = await ProvisionAsync(NewEmail(), "Stranger");
        await ActivateAsync(alpha.AdminActivationToken, Password);
        await ActivateAsync(beta.AdminActivationToken, Password);

        using var browser = fixture.Api.Client();
        var (_, html) = await SubmitAsync(browser, BrowserSignIn.Pkce.Create(), email, Password);
        Assert.Equal(2, BrowserSignIn.Choices(html).Count);

        var other = await BrowserSignIn.ChooseAsync(browser, html, stranger.Id);
        Assert.Null(other.Headers.Location);
        Assert.Empty(BrowserSignIn.Choices(await other.Content.ReadAsStringAsync()));

        var fields = BrowserSignIn.HiddenFields(html);
        fields["sign_in_choice"] = fields["sign_in_choice"][..^4] + "AAAA";
        fields["tenant"] = alpha.Id.ToString();
        var forged = await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));
        Assert.Null(forged.Headers.Location);

        // The same choice with another PKCE challenge (someone else's authorization request) is refused too.
        fields = BrowserSignIn.HiddenFields(html);
        fields["code_challenge"] = BrowserSignIn.Pkce.Create().Challenge;
        fields["tenant"] = alpha.Id.ToString();
        var replayed = await browser.PostAsync("/connect/authorize", new FormUrlEncodedContent(fields));
        Assert.Null(replayed.Headers.Location);
    }

    [Fact]
    public async Task An_address_taken_first_by_another_company_blocks_nothing_and_opens_nothing_of_the_real_company()
    {
        var bob = NewEmail();
        // A squatter company invites Bob's address first and activates it with a password of its own choosing.
        var squatter = await ProvisionAsync(NewEmail(), "Squatter");
        await ActivateAsync(await InviteAsync(squatter.Id, bob, role: "admin"), "the squatters own password");
        // Bob's real employer adds him afterwards, and he activates with his own password.
        var employer = await ProvisionAsync(NewEmail(), "Employer");
        await ActivateAsync(await InviteAsync(employer.Id, bob, role: "manager"), Password);

        using var bobsBrowser = fixture.Api.Client();
        var bobsPkce = BrowserSignIn.Pkce.Create();
        var (bobsAnswer, _) = await SubmitAsync(bobsBrowser, bobsPkce, bob, Password);
        Assert.Equal(HttpStatusCode.Redirect, bobsAnswer.StatusCode);
        Assert.Equal((employer.Id, "manager"), await ExchangeAsync(BrowserSignIn.RedirectQuery(bobsAnswer, ApiFactory.FrontendRedirect)["code"], bobsPkce));

        using var squattersBrowser = fixture.Api.Client();
        var squattersPkce = BrowserSignIn.Pkce.Create();
        var (squattersAnswer, _) = await SubmitAsync(squattersBrowser, squattersPkce, bob, "the squatters own password");
        Assert.Equal(HttpStatusCode.Redirect, squattersAnswer.StatusCode);
        Assert.Equal((squatter.Id, "admin"), await ExchangeAsync(BrowserSignIn.RedirectQuery(squattersAnswer, ApiFactory.FrontendRedirect)["code"], squattersPkce));
    }

    [Fact]
    public async Task A_deactivated_membership_or_a_suspended_company_is_not_offered()
    {
        var email = NewEmail();
        var kept = await ProvisionAsync(email, "Kept");
        var left = await ProvisionAsync(NewEmail(), "Left");
        var suspended = await ProvisionAsync(email, "Suspended");
        await ActivateAsync(kept.AdminActivationToken, Password);
        await ActivateAsync(suspended.AdminActivationToken, Password);
        await ActivateAsync(await InviteAsync(left.Id, email, role: "employee"), Password);
        using (var leftAdmin = fixture.Api.Client(left.Id))
        {
            var users = await (await leftAdmin.GetAsync("/api/v1/users?role=employee")).AssertStatusAsync(HttpStatusCode.OK);
            var id = users.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("email").GetString() == email).GetProperty("id").GetGuid();
            Assert.Equal(HttpStatusCode.NoContent, (await leftAdmin.DeleteAsync($"/api/v1/users/{id}")).StatusCode);
        }
        using (var partner = await fixture.Api.PartnerClientAsync())
            await (await partner.PatchAsJsonAsync($"/api/v1/partner/tenants/{suspended.Id}", new { status = "suspended" })).AssertStatusAsync(HttpStatusCode.OK);

        using var browser = fixture.Api.Client();
        var pkce = BrowserSignIn.Pkce.Create();
        var (response, _) = await SubmitAsync(browser, pkce, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode); // one company left: no question to ask
        Assert.Equal(kept.Id, (await ExchangeAsync(BrowserSignIn.RedirectQuery(response, ApiFactory.FrontendRedirect)["code"], pkce)).Tenant);
    }

    /// <summary>A squatter's own membership of the victim's address signs in with the squatter's password; that success must
    /// not clear the failures of the guesses made at the victim's password in between, or the lockout would never come.</summary>
    [Fact]
    public async Task Signing_in_to_a_squatted_membership_does_not_reset_the_lockout_of_the_victims_address()
    {
        var victim = NewEmail();
        var employer = await ProvisionAsync(victim, "Employer");
        await ActivateAsync(employer.AdminActivationToken, Password);
        var squatter = await ProvisionAsync(NewEmail(), "Squatter");
        await ActivateAsync(await InviteAsync(squatter.Id, victim, role: "employee"), "the squatters own password");

        async Task<string> AttemptAsync(string password)
        {
            using var browser = fixture.Api.Client();
            var (response, html) = await SubmitAsync(browser, BrowserSignIn.Pkce.Create(), victim, password);
            return response.StatusCode == HttpStatusCode.Redirect ? "signed in" : html.Contains("locked", StringComparison.Ordinal) ? "locked" : "incorrect";
        }

        for (var guess = 0; guess < 4; guess++)
            Assert.Equal("incorrect", await AttemptAsync("guessed password " + guess));
        for (var own = 0; own < 3; own++)
            Assert.Equal("signed in", await AttemptAsync("the squatters own password"));
        // The fifth guess reaches the limit, however many successes came in between.
        Assert.Equal("locked", await AttemptAsync("guessed password 5"));
        Assert.Equal("locked", await AttemptAsync(Password));
    }

    /// <summary>Someone in two companies with a different password in each is never locked out by signing in successfully.</summary>
    [Fact]
    public async Task Successful_sign_ins_to_one_of_two_memberships_with_different_passwords_never_lock()
    {
        var email = NewEmail();
        var first = await ProvisionAsync(email, "First");
        var second = await ProvisionAsync(email, "Second");
        await ActivateAsync(first.AdminActivationToken, Password);
        await ActivateAsync(second.AdminActivationToken, "another long passphrase");

        for (var attempt = 0; attempt < 8; attempt++)
        {
            using var browser = fixture.Api.Client();
            var pkce = BrowserSignIn.Pkce.Create();
            var (response, _) = await SubmitAsync(browser, pkce, email, attempt % 2 == 0 ? Password : "another long passphrase");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(attempt % 2 == 0 ? first.Id : second.Id,
                (await ExchangeAsync(BrowserSignIn.RedirectQuery(response, ApiFactory.FrontendRedirect)["code"], pkce)).Tenant);
        }
    }

    [Fact]
    public async Task A_company_choice_is_used_once()
    {
        var email = NewEmail();
        var alpha = await ProvisionAsync(email, "Alpha");
        var beta = await ProvisionAsync(email, "Beta");
        await ActivateAsync(alpha.AdminActivationToken, Password);
        await ActivateAsync(beta.AdminActivationToken, Password);
        using var browser = fixture.Api.Client();
        var (_, html) = await SubmitAsync(browser, BrowserSignIn.Pkce.Create(), email, Password);

        Assert.Equal(HttpStatusCode.Redirect, (await BrowserSignIn.ChooseAsync(browser, html, alpha.Id)).StatusCode);
        // The same page submitted again (the back button, a shared computer): no second code, for either company.
        foreach (var tenant in new[] { alpha.Id, beta.Id })
        {
            var again = await BrowserSignIn.ChooseAsync(browser, html, tenant);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Contains("expired", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_membership_activated_before_memberships_keeps_its_password_and_moves_to_the_emails_salt_at_sign_in()
    {
        var email = NewEmail();
        var company = await ProvisionAsync(email, "Old");
        await ActivateAsync(company.AdminActivationToken, Password);
        // As activation wrote it before ADR 0010: ASP.NET Core Identity's hash with a random salt.
        var oldHash = new Microsoft.AspNetCore.Identity.PasswordHasher<object>().HashPassword(new object(), Password);
        await fixture.Database.ExecuteAsAdminAsync($"update users set password_hash = '{oldHash}' where tenant_id = '{company.Id}'");

        using var browser = fixture.Api.Client();
        var (response, _) = await SubmitAsync(browser, BrowserSignIn.Pkce.Create(), email, Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var connection = new Npgsql.NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand($"select password_hash from users where tenant_id = '{company.Id}'", connection);
        Assert.Equal(Saas.Api.Infrastructure.Auth.Passwords.HashForSignIn(email, Password), await command.ExecuteScalarAsync());
    }

    [Fact]
    public void One_derivation_of_an_email_and_password_opens_every_membership_hashed_with_them_and_no_other()
    {
        var key = new Saas.Api.Infrastructure.Auth.Passwords.SignInKey("Ann@Example.com ", Password);

        Assert.True(key.Opens(Saas.Api.Infrastructure.Auth.Passwords.HashForSignIn("ann@example.com", Password)));
        Assert.False(key.Opens(Saas.Api.Infrastructure.Auth.Passwords.HashForSignIn("ann@example.com", Password + "!")));
        Assert.False(key.Opens(Saas.Api.Infrastructure.Auth.Passwords.HashForSignIn("bob@example.com", Password)));
        Assert.False(key.Opens(Saas.Api.Infrastructure.Auth.Passwords.Hash(Password))); // a random-salted hash is checked on its own
        Assert.False(key.Opens(null));
    }

    /// <summary>Deactivation ends the user's sign-ins in the token service's store, not only their access at the API: a refresh
    /// token of theirs could otherwise work again if the user were ever active again.</summary>
    [Fact]
    public async Task Deactivating_a_user_revokes_every_token_of_their_sign_ins()
    {
        var company = await ProvisionAsync(NewEmail(), "Gamma");
        var email = NewEmail();
        using var admin = fixture.Api.Client(company.Id);
        var invited = await (await admin.PostAsJsonAsync("/api/v1/users", new { email, fullName = "Bob", role = "manager" }))
            .AssertStatusAsync(HttpStatusCode.Created);
        var userId = invited.GetProperty("id").GetGuid().ToString();
        await ActivateAsync(invited.GetProperty("activationToken").GetString()!, Password);
        using var browser = fixture.Api.Client();
        var pkce = BrowserSignIn.Pkce.Create();
        await ExchangeAsync((await BrowserSignIn.SignInAsync(browser, ApiFactory.FrontendId, ApiFactory.FrontendRedirect, pkce, email, Password))["code"], pkce);
        async Task<List<string>> StatusesAsync()
        {
            await using var scope = fixture.Api.Services.CreateAsyncScope();
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            var statuses = new List<string>();
            await foreach (var token in tokens.FindBySubjectAsync(userId))
                statuses.Add((await tokens.GetStatusAsync(token))!);
            return statuses;
        }
        Assert.Contains(OpenIddictConstants.Statuses.Valid, await StatusesAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/users/{userId}")).StatusCode);

        Assert.All(await StatusesAsync(), status => Assert.NotEqual(OpenIddictConstants.Statuses.Valid, status));
    }
}
