using System.Globalization;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;
using Saas.Api.Infrastructure.Auth;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Saas.Api.Features.Identity;

/// <summary>An authorization request (<c>/connect/authorize</c>) of a frontend as OpenIddict checked it: its client, the exact
/// redirect URI it registered, <c>response_type=code</c>, PKCE S256 and the scopes the client may ask for.</summary>
public sealed record AuthorizationRequest(OAuthClient Client, string RedirectUri, string[] Scopes, string? State, string CodeChallenge, string? Nonce,
    string[] Prompts)
{
    /// <summary><c>prompt=none</c>: the client asks for an answer without any page shown (OpenID Connect Core §3.1.2.1).</summary>
    public bool WithoutInteraction => Prompts.Contains(PromptValues.None);

    /// <summary>What a company choice is bound to: this request, and no other one.</summary>
    public SignInChoices.Binding Binding => new(Client.ClientId, RedirectUri, CodeChallenge, string.Join(' ', Scopes), Nonce);
}

/// <summary>Reading and answering authorization requests. OpenIddict checks them first; a request it refused goes back to the
/// client's redirect URI when that URI is registered (RFC 6749 §4.1.2.1), and is otherwise answered with an error page, never
/// redirected.</summary>
public static class AuthorizationRequests
{
    /// <summary>The parameters the sign-in page carries through its form.</summary>
    public static readonly string[] Parameters =
        ["client_id", "redirect_uri", "response_type", "scope", "state", "code_challenge", "code_challenge_method", "nonce", "ui_locales",
            "prompt", "max_age"];

    public static async Task<(AuthorizationRequest? Request, IResult? Failure)> ReadAsync(HttpContext http, ClientDirectory clients, string issuer)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The authorization endpoint is reached only through OpenIddict.");
        var client = string.IsNullOrEmpty(request.ClientId) ? null : await clients.FindAsync(request.ClientId, http.RequestAborted);
        if (http.GetOpenIddictServerResponse() is { Error: { Length: > 0 } error } refused)
        {
            if (client is not { IsActive: true } || client.RedirectUris.Length == 0)
                return (null, LoginPage.Error(http, Language(http, request), LoginPage.UnknownClient));
            // Exact string comparison, as OAuth 2.1 requires: no prefix or pattern matching an attacker could use.
            if (request.RedirectUri is not { } redirectUri || !client.RedirectUris.Contains(redirectUri, StringComparer.Ordinal))
                return (null, LoginPage.Error(http, Language(http, request), LoginPage.UnknownRedirect));
            return (null, Redirect(redirectUri, issuer, request.State, ("error", error), ("error_description", refused.ErrorDescription ?? "")));
        }
        // OpenIddict leaves max_age to the application; every sign-in here is fresh, so any age is met.
        if (request.GetParameter(OpenIddictConstants.Parameters.MaxAge) is { } maxAge && !uint.TryParse((string?)maxAge, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return (null, TokenClaims.Refuse(Errors.InvalidRequest, "max_age must be a number of seconds."));

        var scopes = request.GetScopes() is { IsEmpty: false } requested ? requested.ToArray() : [Infrastructure.Auth.Scopes.Api];
        return (new AuthorizationRequest(client!, request.RedirectUri!, scopes, request.State, request.CodeChallenge!, request.Nonce,
            [.. request.GetPromptValues()]), null);
    }

    /// <summary>Sends the browser back to the client with an error (RFC 6749 §4.1.2.1) and the issuer (RFC 9207).</summary>
    public static IResult Redirect(string redirectUri, string issuer, string? state, params (string Name, string Value)[] values)
    {
        var query = values.ToDictionary(v => v.Name, v => (string?)v.Value);
        if (state is not null)
            query["state"] = state;
        query["iss"] = issuer;
        return Results.Redirect(QueryHelpers.AddQueryString(redirectUri, query));
    }

    /// <summary>The request's parameters that the sign-in page keeps in its form.</summary>
    public static Dictionary<string, string> Values(HttpContext http) =>
        http.GetOpenIddictServerRequest()!.GetParameters().Where(p => Parameters.Contains(p.Key))
            .ToDictionary(p => p.Key, p => (string?)p.Value ?? "");

    public static string Language(HttpContext http, OpenIddictRequest? request)
    {
        var preferred = request?.UiLocales ?? http.Request.Headers.AcceptLanguage.ToString();
        return preferred.TrimStart().StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? "ru" : "en";
    }
}
