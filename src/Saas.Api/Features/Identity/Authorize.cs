using Dapper;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Npgsql;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Identity;

/// <summary><c>/connect/authorize</c>: the authorization code flow with PKCE for frontends. GET shows the sign-in
/// form; POST checks the credentials and redirects back with <c>code</c>, <c>state</c> and <c>iss</c>. A request
/// naming an unknown client or an unregistered redirect URI is answered with an error page and never
/// redirected; other request errors go back to the (verified) redirect URI, as RFC 6749 §4.1.2.1 asks.</summary>
public static class Authorize
{
    public const string CodePrefix = "ac_";
    private static readonly string[] RequestParameters =
        ["client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method", "nonce", "ui_locales"];

    private sealed record Request(OAuthClient Client, string RedirectUri, string[] Scopes, string? State, string CodeChallenge, string? Nonce)
    {
        /// <summary>What a company choice is bound to: this request, and no other one.</summary>
        public SignInChoices.Binding Binding => new(Client.ClientId, RedirectUri, CodeChallenge, string.Join(' ', Scopes), Nonce);
    }

    public static async Task<IResult> ShowLoginPage(HttpContext http, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        IOptions<AuthOptions> options)
    {
        var parameters = http.Request.Query.ToDictionary(p => p.Key, p => p.Value);
        var (request, failure) = await ValidateAsync(http, parameters, dataSource, options.Value.Issuer);
        return failure ?? LoginPage.Render(http, antiforgery, Values(parameters), Language(http, parameters), error: null);
    }

    public static async Task<IResult> SignIn(HttpContext http, [FromForm] IFormCollection form, NpgsqlDataSource dataSource, PlatformDb db,
        IAntiforgery antiforgery, SignInChoices choices, IOptions<AuthOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var parameters = form.Where(p => RequestParameters.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        var settings = options.Value;
        var (request, failure) = await ValidateAsync(http, parameters, dataSource, settings.Issuer);
        if (failure is not null)
            return failure;
        var language = Language(http, parameters);
        if (form.ContainsKey(SignInChoices.Field))
            return await ChooseAsync(http, form, request!, parameters, db, antiforgery, choices, settings, time, cancellationToken);

        var email = form["email"].ToString().Trim();
        var outcome = await CheckCredentialsAsync(email, form["password"].ToString(), request!.Client, dataSource, db, settings, time, cancellationToken);
        return outcome.Memberships switch
        {
            [] => LoginPage.Render(http, antiforgery, Values(parameters), language, outcome.Locked ? LoginError.Locked : LoginError.Invalid, email),
            [var only] => await IssueCodeAsync(request, only.TenantId, only.UserId, db, settings, time, cancellationToken),
            var several => LoginPage.RenderChoice(http, antiforgery, Values(parameters), language, SignInChoices.Field,
                choices.Protect(request.Binding, several.Select(m => (m.TenantId, m.UserId))),
                several.OrderBy(m => m.TenantName, StringComparer.CurrentCultureIgnoreCase).Select(m => (m.TenantId, m.TenantName))),
        };
    }

    /// <summary>The company picked on the page that asked which one: it must be one that this request's sign-in opened, and
    /// the choice is used once.</summary>
    private static async Task<IResult> ChooseAsync(HttpContext http, IFormCollection form, Request request,
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> parameters, PlatformDb db, IAntiforgery antiforgery, SignInChoices choices,
        AuthOptions settings, TimeProvider time, CancellationToken cancellationToken)
    {
        SignInUser? user = null;
        if (Guid.TryParse(form["tenant"], out var tenantId)
            && await choices.UseAsync(form[SignInChoices.Field].ToString(), request.Binding, tenantId, cancellationToken) is { } userId)
        {
            await using var work = await db.BeginForTenantAsync(tenantId, cancellationToken);
            user = await SignInUser.LoadAsync(work, userId);
        }
        // A choice that is expired, used, forged or not this request's, or a user deactivated or suspended since.
        if (user is null || !MaySignIn(user, request.Client))
            return LoginPage.Render(http, antiforgery, Values(parameters), Language(http, parameters), LoginError.ChoiceExpired);
        return await IssueCodeAsync(request, user.TenantId, user.Id, db, settings, time, cancellationToken);
    }

    private static async Task<IResult> IssueCodeAsync(Request request, Guid tenantId, Guid userId, PlatformDb db, AuthOptions settings,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var code = Secrets.NewTenantToken(CodePrefix, tenantId);
        await using (var work = await db.BeginForTenantAsync(tenantId, cancellationToken))
        {
            await work.ExecuteAsync("""
                insert into authorization_codes (tenant_id, code_hash, client_id, user_id, redirect_uri, code_challenge, scopes, nonce, expires_at)
                values (@TenantId, @hash, @clientId, @userId, @redirectUri, @challenge, @scopes, @nonce, @expires)
                """, new
            {
                work.TenantId,
                hash = Secrets.Hash(code),
                clientId = request.Client.ClientId,
                userId,
                redirectUri = request.RedirectUri,
                challenge = request.CodeChallenge,
                scopes = request.Scopes,
                nonce = request.Nonce,
                expires = time.GetUtcNow() + settings.AuthorizationCodeLifetime,
            });
            await work.CommitAsync();
        }
        return Redirect(request.RedirectUri, settings.Issuer, request.State, ("code", code));
    }

    private static async Task<(Request? Request, IResult? Failure)> ValidateAsync(HttpContext http,
        Dictionary<string, Microsoft.Extensions.Primitives.StringValues> parameters, NpgsqlDataSource dataSource, string issuer)
    {
        var language = Language(http, parameters);
        string? Single(string name) => parameters.TryGetValue(name, out var value) && value.Count == 1 ? value.ToString() : null;

        var clientId = Single("client_id");
        OAuthClient? client = null;
        if (!string.IsNullOrEmpty(clientId))
        {
            await using var connection = await dataSource.OpenConnectionAsync(http.RequestAborted);
            client = await ClientStore.FindAsync(connection, clientId);
        }
        if (client is not { IsActive: true } || client.RedirectUris.Length == 0)
            return (null, LoginPage.Error(http, language, LoginPage.UnknownClient));
        var redirectUri = Single("redirect_uri");
        // Exact string comparison, as OAuth 2.1 requires: no prefix or pattern matching an attacker could use.
        if (redirectUri is null || !client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
            return (null, LoginPage.Error(http, language, LoginPage.UnknownRedirect));

        var state = Single("state");
        if (parameters.FirstOrDefault(p => p.Value.Count > 1) is { Key: { } repeated })
            return (null, Redirect(redirectUri, issuer, state, ("error", "invalid_request"), ("error_description", $"'{repeated}' is repeated.")));
        if (Single("response_type") != "code")
            return (null, Redirect(redirectUri, issuer, state, ("error", "unsupported_response_type"), ("error_description", "Only response_type=code is supported.")));
        if (Single("code_challenge_method") != "S256" || !Pkce.IsValidChallenge(Single("code_challenge")))
            return (null, Redirect(redirectUri, issuer, state, ("error", "invalid_request"),
                ("error_description", "PKCE is required: send code_challenge with code_challenge_method=S256.")));
        var scopes = Scopes.Parse(Single("scope"));
        if (scopes.Length == 0)
            scopes = [Scopes.Api];
        if (scopes.Except(Scopes.UserScopes).FirstOrDefault() is { } unknown)
            return (null, Redirect(redirectUri, issuer, state, ("error", "invalid_scope"), ("error_description", $"'{unknown}' cannot be requested here.")));

        return (new Request(client, redirectUri, scopes, state, Single("code_challenge")!, Single("nonce")), null);
    }

    private sealed record CredentialOutcome(IReadOnlyList<Membership> Memberships, bool Locked);

    /// <summary>A user of one tenant as sign-in finds it by e-mail, across tenants (<c>find_memberships</c>).</summary>
    private sealed record Membership(Guid TenantId, Guid UserId, string? PasswordHash, string UserStatus, string TenantStatus, string TenantName,
        string? PartnerClientId);

    /// <summary>The memberships (users of one tenant each) that this e-mail and password open through this client. Each
    /// membership has its own password, all derived with the e-mail's salt: one derivation checks them all, and one more
    /// check covers a membership from before ADR 0010 (random salt) or, when there is none, a decoy. So a sign-in costs the
    /// same whether the address is unknown or belongs to many companies, and the answer's timing tells nothing.</summary>
    private static async Task<CredentialOutcome> CheckCredentialsAsync(string email, string password, OAuthClient client,
        NpgsqlDataSource dataSource, PlatformDb db, AuthOptions settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var emailHash = Secrets.Hash(email.ToLowerInvariant());
        SignInThrottle.Attempt attempt;
        List<Membership> memberships = [];
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            attempt = await SignInThrottle.BeginAsync(connection, emailHash, settings, time.GetUtcNow());
            if (!attempt.MayCheckPassword)
                return new CredentialOutcome([], Locked: true);
            if (email.Length is > 0 and <= 320)
                memberships = (await connection.QueryAsync<Membership>("""
                    select tenant_id, user_id, password_hash, user_status, tenant_status, tenant_name, partner_client_id from find_memberships(@email)
                    """, new { email })).ToList();
        }

        var key = new Passwords.SignInKey(email, password);
        // Memberships activated before ADR 0010 have random salts, at most one per address (e-mails were unique then): it is
        // checked on its own, or a decoy is, so the cost stays the same. A successful sign-in moves it to the e-mail's salt.
        var randomSalted = memberships.Where(m => Passwords.IsRandomSalted(m.PasswordHash)).ToList();
        List<Membership> openedRandomSalted = [];
        if (randomSalted.Count == 0)
            Passwords.Verify(null, password); // the decoy
        else
            openedRandomSalted = randomSalted.Where(m => Passwords.Verify(m.PasswordHash, password)).ToList();
        var openedByPassword = memberships.Where(m => key.Opens(m.PasswordHash) || openedRandomSalted.Contains(m)).ToList();
        var opened = openedByPassword.Where(m => MaySignIn(m, client)).ToList();
        if (opened.Count == 0)
            return new CredentialOutcome([], attempt.LocksIfWrong);

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            await SignInThrottle.SucceededAsync(connection, emailHash,
                openedEveryMembership: openedByPassword.Count == memberships.Count(m => m.PasswordHash is not null), settings);
        foreach (var upgraded in opened.Where(m => Passwords.IsRandomSalted(m.PasswordHash)))
        {
            await using var work = await db.BeginForTenantAsync(upgraded.TenantId, cancellationToken);
            await work.ExecuteAsync("update users set password_hash = @hash where tenant_id = @TenantId and id = @UserId",
                new { work.TenantId, upgraded.UserId, hash = key.StoredForm });
            await work.CommitAsync();
        }
        return new CredentialOutcome(opened, Locked: false);
    }

    /// <summary>An active user of an active tenant, signing in through a frontend of that tenant's partner (or of none).</summary>
    private static bool MaySignIn(SignInUser user, OAuthClient client) =>
        user.CanSignIn && (client.PartnerClientId is null || client.PartnerClientId == user.PartnerClientId);

    private static bool MaySignIn(Membership membership, OAuthClient client) =>
        membership is { UserStatus: "active", TenantStatus: "active" }
        && (client.PartnerClientId is null || client.PartnerClientId == membership.PartnerClientId);

    private static IResult Redirect(string redirectUri, string issuer, string? state, params (string Name, string Value)[] values)
    {
        var query = values.ToDictionary(v => v.Name, v => (string?)v.Value);
        if (state is not null)
            query["state"] = state;
        query["iss"] = issuer; // RFC 9207: lets the client tell which server answered (mix-up defence)
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, query));
    }

    private static Dictionary<string, string> Values(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> parameters) =>
        parameters.Where(p => RequestParameters.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value.ToString());

    private static string Language(HttpContext http, Dictionary<string, Microsoft.Extensions.Primitives.StringValues> parameters)
    {
        var preferred = parameters.TryGetValue("ui_locales", out var locales) ? locales.ToString() : http.Request.Headers.AcceptLanguage.ToString();
        return preferred.TrimStart().StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? "ru" : "en";
    }
}

