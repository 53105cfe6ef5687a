using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Identity;

/// <summary>Identifies the client of a token or revocation request: confidential clients by
/// <c>client_secret_basic</c> or <c>client_secret_post</c> (one method only), public clients by
/// <c>client_id</c> alone. Each client at an address has its own rate limit, taken before this (<see cref="TokenServiceLimits"/>).</summary>
public static class ClientAuthentication
{
    public sealed record Outcome(OAuthClient? Client, IResult? Error);

    public static async Task<Outcome> AuthenticateAsync(HttpContext http, IFormCollection form, ClientDirectory clients)
    {
        var (basicId, basicSecret, usedBasic) = ClientCredentials.FromBasicHeader(http.Request);
        if (usedBasic && basicId is null)
            return new(null, OAuthResponses.InvalidClient(http, usedBasic: true));
        string? postedId = form["client_id"], postedSecret = form["client_secret"];
        if (usedBasic && !string.IsNullOrEmpty(postedSecret))
            return new(null, OAuthResponses.InvalidRequest(http, "Use one client authentication method, not both."));
        if (usedBasic && postedId is not null && postedId != basicId)
            return new(null, OAuthResponses.InvalidRequest(http, "client_id does not match the authenticated client."));

        var clientId = basicId ?? postedId;
        var secret = usedBasic ? basicSecret : postedSecret;
        if (string.IsNullOrEmpty(clientId))
            return new(null, OAuthResponses.InvalidClient(http, usedBasic));

        var client = await clients.FindAsync(clientId, http.RequestAborted);
        if (client is not { IsActive: true })
        {
            Passwords.Verify(null, secret ?? ""); // same cost as a wrong secret
            return new(null, OAuthResponses.InvalidClient(http, usedBasic));
        }
        // Client libraries send a public client as Basic "client_id:" with an empty secret; that is no secret.
        if (client.IsPublic)
            return string.IsNullOrEmpty(secret) ? new(client, null) : new(null, OAuthResponses.InvalidClient(http, usedBasic));
        return secret is not null && await clients.ValidateSecretAsync(client.ClientId, secret, http.RequestAborted)
            ? new(client, null)
            : new(null, OAuthResponses.InvalidClient(http, usedBasic));
    }
}
