using FastEndpoints;
using Microsoft.IdentityModel.JsonWebTokens;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Identity.Revoke;

/// <summary><c>POST /connect/revoke</c> (RFC 7009). Revoking a refresh token or an access token ends the session
/// that issued it, so both stop working at once. Unknown or foreign tokens answer 200 as well: the caller
/// learns nothing about tokens that are not its own.</summary>
public sealed class Endpoint(ClientDirectory clients, PlatformDb db, SigningKeyStore keys) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("/connect/revoke");
        Group<TokenServiceGroup>();
        Description(route => route.WithName("Revoke").WithMetadata(new FormBody(typeof(Form))).Produces(StatusCodes.Status200OK).ProducesOAuthErrors());
        Summary(summary => summary.Summary = "Revoke a refresh or access token (RFC 7009)");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.ResultAsync(await RevokeAsync(HttpContext, cancellationToken));

    private async Task<IResult> RevokeAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var (form, error) = await OAuthResponses.ReadFormAsync(http, cancellationToken);
        if (form is null)
            return error!;
        var authentication = await ClientAuthentication.AuthenticateAsync(http, form, clients);
        if (authentication.Error is not null)
            return authentication.Error;
        var client = authentication.Client!;
        string? token = form["token"];
        if (string.IsNullOrEmpty(token))
            return OAuthResponses.InvalidRequest(http, "token is required.");

        if (Secrets.TryReadTenant(token, UserSessions.RefreshTokenPrefix, out var tenantId))
        {
            await using var work = await db.BeginForTenantAsync(tenantId, cancellationToken);
            var sessionId = await work.QuerySingleOrDefaultAsync<Guid?>("""
                select s.id from refresh_tokens r join sessions s on s.tenant_id = r.tenant_id and s.id = r.session_id
                where r.tenant_id = @TenantId and r.token_hash = @hash and s.client_id = @clientId
                """, new { work.TenantId, hash = Secrets.Hash(token), clientId = client.ClientId });
            if (sessionId is { } id)
            {
                await UserSessions.RevokeAsync(work, id, "revoked by client");
                await work.CommitAsync();
            }
        }
        else if (await SessionOfAccessTokenAsync(token, client, keys, cancellationToken) is { } session)
        {
            await using var work = await db.BeginForTenantAsync(session.TenantId, cancellationToken);
            await UserSessions.RevokeAsync(work, session.SessionId, "revoked by client");
            await work.CommitAsync();
        }
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok();
    }

    /// <summary>The session of one of our own, correctly signed access tokens issued to this client.</summary>
    private static async Task<(Guid TenantId, Guid SessionId)?> SessionOfAccessTokenAsync(string token, OAuthClient client, SigningKeyStore keys,
        CancellationToken cancellationToken)
    {
        var handler = new JsonWebTokenHandler();
        string? kid;
        try
        {
            kid = handler.ReadJsonWebToken(token).Kid;
        }
        catch (Exception exception) when (exception is ArgumentException or Microsoft.IdentityModel.Tokens.SecurityTokenMalformedException)
        {
            return null;
        }
        var key = await keys.FindAsync(kid, cancellationToken);
        if (key is null)
            return null;
        var result = await handler.ValidateTokenAsync(token, new Microsoft.IdentityModel.Tokens.TokenValidationParameters
        {
            IssuerSigningKey = key.Key,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false, // an expired token may still be revoked; it changes nothing but is allowed
        });
        string? Claim(string name) => result.Claims.TryGetValue(name, out var value) ? value as string : null;
        if (!result.IsValid || Claim(ClaimNames.ClientId) != client.ClientId
            || !Guid.TryParse(Claim(ClaimNames.Tenant), out var tenantId) || !Guid.TryParse(Claim(ClaimNames.Session), out var sessionId))
            return null;
        return (tenantId, sessionId);
    }
}
