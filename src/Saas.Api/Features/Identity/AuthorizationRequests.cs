using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Identity;

/// <summary>An authorization request (<c>/connect/authorize</c>) of a frontend, verified: its client, the exact redirect URI it
/// registered, <c>response_type=code</c>, PKCE S256 and the scopes a user may grant.</summary>
public sealed record AuthorizationRequest(OAuthClient Client, string RedirectUri, string[] Scopes, string? State, string CodeChallenge, string? Nonce,
    string[] Prompts)
{
    /// <summary><c>prompt=none</c>: the client asks for an answer without any page shown (OpenID Connect Core §3.1.2.1).</summary>
    public bool WithoutInteraction => Prompts.Contains(AuthorizationRequests.PromptNone);

    /// <summary>What a company choice is bound to: this request, and no other one.</summary>
    public SignInChoices.Binding Binding => new(Client.ClientId, RedirectUri, CodeChallenge, string.Join(' ', Scopes), Nonce);
}

/// <summary>Reading and answering authorization requests. A request naming an unknown client or an unregistered redirect URI
/// is answered with an error page and never redirected; other request errors go back to the (verified) redirect URI, as RFC
/// 6749 §4.1.2.1 asks.</summary>
public static class AuthorizationRequests
{
    public static readonly string[] Parameters =
        ["client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method", "nonce", "ui_locales",
            "prompt", "max_age"];

    public const string PromptNone = "none";

    /// <summary>The <c>prompt</c> values of OpenID Connect Core §3.1.2.1. Every sign-in here is a fresh one on the sign-in page,
    /// so <c>login</c> and <c>max_age</c> are always satisfied, and there is no consent or account to select beyond it.</summary>
    private static readonly string[] PromptValues = [PromptNone, "login", "consent", "select_account"];

    public static async Task<(AuthorizationRequest? Request, IResult? Failure)> ValidateAsync(HttpContext http,
        Dictionary<string, StringValues> parameters, ClientDirectory clients, string issuer)
    {
        var language = Language(http, parameters);
        string? Single(string name) => parameters.TryGetValue(name, out var value) && value.Count == 1 ? value.ToString() : null;

        var clientId = Single("client_id");
        var client = string.IsNullOrEmpty(clientId) ? null : await clients.FindAsync(clientId, http.RequestAborted);
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

        var prompts = Single("prompt")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (prompts.Except(PromptValues).FirstOrDefault() is { } unsupported)
            return (null, Redirect(redirectUri, issuer, state, ("error", "invalid_request"), ("error_description", $"prompt '{unsupported}' is not supported.")));
        if (prompts.Contains(PromptNone) && prompts.Length > 1)
            return (null, Redirect(redirectUri, issuer, state, ("error", "invalid_request"), ("error_description", "prompt=none cannot be combined with other values.")));
        if (Single("max_age") is { } maxAge && !uint.TryParse(maxAge, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return (null, Redirect(redirectUri, issuer, state, ("error", "invalid_request"), ("error_description", "max_age must be a number of seconds.")));

        return (new AuthorizationRequest(client, redirectUri, scopes, state, Single("code_challenge")!, Single("nonce"), prompts), null);
    }

    public static IResult Redirect(string redirectUri, string issuer, string? state, params (string Name, string Value)[] values)
    {
        var query = values.ToDictionary(v => v.Name, v => (string?)v.Value);
        if (state is not null)
            query["state"] = state;
        query["iss"] = issuer; // RFC 9207: lets the client tell which server answered (mix-up defence)
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, query));
    }

    public static Dictionary<string, string> Values(Dictionary<string, StringValues> parameters) =>
        parameters.Where(p => Parameters.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value.ToString());

    public static string Language(HttpContext http, Dictionary<string, StringValues> parameters)
    {
        var preferred = parameters.TryGetValue("ui_locales", out var locales) ? locales.ToString() : http.Request.Headers.AcceptLanguage.ToString();
        return preferred.TrimStart().StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? "ru" : "en";
    }
}
