using System.Net;
using System.Text;
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

    private sealed record Request(OAuthClient Client, string RedirectUri, string[] Scopes, string? State, string CodeChallenge, string? Nonce);

    public static async Task<IResult> ShowLoginPage(HttpContext http, NpgsqlDataSource dataSource, IAntiforgery antiforgery,
        IOptions<AuthOptions> options)
    {
        var parameters = http.Request.Query.ToDictionary(p => p.Key, p => p.Value);
        var (request, failure) = await ValidateAsync(http, parameters, dataSource, options.Value.Issuer);
        return failure ?? LoginPage.Render(http, antiforgery, Values(parameters), Language(http, parameters), error: null);
    }

    public static async Task<IResult> SignIn(HttpContext http, [FromForm] IFormCollection form, NpgsqlDataSource dataSource, PlatformDb db,
        IAntiforgery antiforgery, IOptions<AuthOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var parameters = form.Where(p => RequestParameters.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        var settings = options.Value;
        var (request, failure) = await ValidateAsync(http, parameters, dataSource, settings.Issuer);
        if (failure is not null)
            return failure;

        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var language = Language(http, parameters);
        var outcome = await CheckCredentialsAsync(email, password, request!.Client, dataSource, db, settings, time, cancellationToken);
        if (outcome.User is not { } user)
            return LoginPage.Render(http, antiforgery, Values(parameters), language, outcome.Locked ? LoginError.Locked : LoginError.Invalid, email);

        var code = Secrets.NewTenantToken(CodePrefix, user.TenantId);
        await using (var work = await db.BeginForTenantAsync(user.TenantId, cancellationToken))
        {
            await work.ExecuteAsync("""
                insert into authorization_codes (tenant_id, code_hash, client_id, user_id, redirect_uri, code_challenge, scopes, nonce, expires_at)
                values (@TenantId, @hash, @clientId, @userId, @redirectUri, @challenge, @scopes, @nonce, @expires)
                """, new
            {
                work.TenantId,
                hash = Secrets.Hash(code),
                clientId = request.Client.ClientId,
                userId = user.Id,
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

    private sealed record CredentialOutcome(SignInUser? User, bool Locked);

    /// <summary>Takes the same path and time whatever the e-mail: an unknown address is verified against a
    /// decoy hash and counts towards the same lockout as a known one, so neither the answer nor its timing
    /// says whether an account exists.</summary>
    private static async Task<CredentialOutcome> CheckCredentialsAsync(string email, string password, OAuthClient client,
        NpgsqlDataSource dataSource, PlatformDb db, AuthOptions settings, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var emailHash = Secrets.Hash(email.ToLowerInvariant());
        (Guid TenantId, Guid UserId)? login;
        DateTime? lockedUntil;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            lockedUntil = await connection.ExecuteScalarAsync<DateTime?>(
                "select locked_until from login_throttle where email_hash = @emailHash", new { emailHash });
            login = email.Length is > 0 and <= 320
                ? await connection.QuerySingleOrDefaultAsync<(Guid, Guid)?>("select tenant_id, user_id from find_login(@email)", new { email })
                : null;
        }
        var locked = lockedUntil is { } until && new DateTimeOffset(DateTime.SpecifyKind(until, DateTimeKind.Utc)) > now;

        SignInUser? user = null;
        if (login is { } found)
        {
            await using var work = await db.BeginForTenantAsync(found.TenantId, cancellationToken);
            user = await SignInUser.LoadAsync(work, found.UserId);
        }
        var passwordMatches = Passwords.Verify(user?.PasswordHash, password);
        var allowed = !locked && passwordMatches && user is { CanSignIn: true }
            && (client.PartnerClientId is null || client.PartnerClientId == user.PartnerClientId);

        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            if (allowed)
                await connection.ExecuteAsync("delete from login_throttle where email_hash = @emailHash", new { emailHash });
            else if (!locked)
                locked = await connection.ExecuteScalarAsync<bool>("""
                    insert into login_throttle (email_hash, failures, updated_at) values (@emailHash, 1, @now)
                    on conflict (email_hash) do update set
                        failures = case when login_throttle.locked_until is not null then 1 else login_throttle.failures + 1 end,
                        locked_until = case when login_throttle.locked_until is null and login_throttle.failures + 1 >= @max then @lockUntil end,
                        updated_at = @now
                    returning locked_until is not null
                    """, new { emailHash, now, max = settings.MaxFailedSignIns, lockUntil = now + settings.LockoutDuration });
        }
        return new CredentialOutcome(allowed ? user : null, locked);
    }

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

public enum LoginError
{
    Invalid,
    Locked,
}

/// <summary>The server-rendered sign-in page: a plain form (e-mail, password, antiforgery token), never framed.</summary>
public static class LoginPage
{
    public const string UnknownClient = "unknown_client";
    public const string UnknownRedirect = "unknown_redirect";

    private static readonly Dictionary<string, Dictionary<string, string>> Texts = new()
    {
        ["en"] = new()
        {
            ["title"] = "Sign in",
            ["email"] = "E-mail",
            ["password"] = "Password",
            ["submit"] = "Sign in",
            [nameof(LoginError.Invalid)] = "The e-mail or password is incorrect.",
            [nameof(LoginError.Locked)] = "Too many failed attempts. Sign-in is locked for a while; try again later.",
            [UnknownClient] = "This sign-in link names an application that is not registered.",
            [UnknownRedirect] = "This sign-in link would return you to an address the application did not register.",
            ["error_title"] = "Sign-in cannot continue",
        },
        ["ru"] = new()
        {
            ["title"] = "Вход",
            ["email"] = "Электронная почта",
            ["password"] = "Пароль",
            ["submit"] = "Войти",
            [nameof(LoginError.Invalid)] = "Неверная электронная почта или пароль.",
            [nameof(LoginError.Locked)] = "Слишком много неудачных попыток. Вход временно заблокирован, попробуйте позже.",
            [UnknownClient] = "Ссылка для входа указывает на незарегистрированное приложение.",
            [UnknownRedirect] = "Ссылка для входа вернула бы вас на адрес, который приложение не регистрировало.",
            ["error_title"] = "Вход невозможен",
        },
    };

    public static IResult Render(HttpContext http, IAntiforgery antiforgery, Dictionary<string, string> request, string language,
        LoginError? error, string email = "")
    {
        var text = Texts[language];
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = new StringBuilder();
        html.Append($"<!doctype html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append($"<title>{text["title"]}</title><style>{Style}</style></head><body><main><h1>{text["title"]}</h1>");
        if (error is { } problem)
            html.Append($"<p class=\"error\" role=\"alert\">{Encode(text[problem.ToString()])}</p>");
        html.Append("<form method=\"post\" action=\"/connect/authorize\">");
        html.Append($"<input type=\"hidden\" name=\"{Encode(tokens.FormFieldName)}\" value=\"{Encode(tokens.RequestToken!)}\">");
        foreach (var (name, value) in request)
            html.Append($"<input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(value)}\">");
        html.Append($"<label>{text["email"]}<input type=\"email\" name=\"email\" value=\"{Encode(email)}\" autocomplete=\"username\" required autofocus></label>");
        html.Append($"<label>{text["password"]}<input type=\"password\" name=\"password\" autocomplete=\"current-password\" required></label>");
        html.Append($"<button type=\"submit\">{text["submit"]}</button></form></main></body></html>");
        return Page(http, html.ToString(), StatusCodes.Status200OK);
    }

    public static IResult Error(HttpContext http, string language, string reason)
    {
        var text = Texts[language];
        var html = $"<!doctype html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><title>{text["error_title"]}</title>" +
            $"<style>{Style}</style></head><body><main><h1>{text["error_title"]}</h1><p class=\"error\">{Encode(text[reason])}</p></main></body></html>";
        return Page(http, html, StatusCodes.Status400BadRequest);
    }

    private static IResult Page(HttpContext http, string html, int status)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private const string Style =
        "body{font-family:system-ui,sans-serif;background:#f4f5f7;display:flex;justify-content:center;padding-top:10vh}" +
        "main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:20rem}" +
        "label{display:block;margin:.8rem 0}input[type=email],input[type=password]{display:block;width:100%;padding:.5rem;margin-top:.3rem;box-sizing:border-box}" +
        "button{width:100%;padding:.6rem;margin-top:.8rem}.error{color:#b00020}";
}
