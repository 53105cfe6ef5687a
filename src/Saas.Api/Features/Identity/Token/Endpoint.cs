using FastEndpoints;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Identity.Token;

/// <summary><c>POST /connect/token</c>: client credentials, authorization code with PKCE, refresh token with
/// rotation and reuse detection. Errors exactly as RFC 6749 §5.2. It reads the form itself, so that a body of another type
/// is an OAuth <c>invalid_request</c> rather than a 415.</summary>
public sealed class Endpoint(ClientDirectory clients, PlatformDb db, UserSessions sessions, TokenIssuer issuer,
    TimeProvider time) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Post("/connect/token");
        Group<TokenServiceGroup>();
        Description(route => route.WithName("Token").WithMetadata(new FormBody(typeof(Form))).Produces<TokenResponse>().ProducesOAuthErrors());
        Summary(summary => summary.Summary = "Issue tokens: client credentials, authorization code with PKCE, refresh token");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await Send.ResultAsync(await IssueAsync(HttpContext, cancellationToken));

    private async Task<IResult> IssueAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var (form, error) = await OAuthResponses.ReadFormAsync(http, cancellationToken);
        if (form is null)
            return error!;
        if (form.FirstOrDefault(parameter => parameter.Value.Count > 1) is { Key: { } repeated })
            return OAuthResponses.InvalidRequest(http, $"The parameter '{repeated}' is repeated.");

        string? grantType = form["grant_type"];
        if (string.IsNullOrEmpty(grantType))
            return OAuthResponses.InvalidRequest(http, "grant_type is required.");
        if (grantType is not ("client_credentials" or "authorization_code" or "refresh_token"))
            return OAuthResponses.Error(http, "unsupported_grant_type", $"The grant type '{grantType}' is not supported.");

        var authentication = await ClientAuthentication.AuthenticateAsync(http, form, clients);
        if (authentication.Error is not null)
            return authentication.Error;
        var client = authentication.Client!;

        return grantType switch
        {
            "client_credentials" => await ClientCredentialsAsync(http, form, client, cancellationToken),
            "authorization_code" => await AuthorizationCodeAsync(http, form, client, cancellationToken),
            _ => await RefreshTokenAsync(http, form, client, cancellationToken),
        };
    }

    private async Task<IResult> ClientCredentialsAsync(HttpContext http, IFormCollection form, OAuthClient client, CancellationToken cancellationToken)
    {
        if (client.IsPublic)
            return OAuthResponses.Error(http, "unauthorized_client", "Public clients cannot use client_credentials.");
        var requested = Infrastructure.Auth.Scopes.Parse(form["scope"]);
        var scopes = requested.Length == 0 ? client.Scopes : requested;
        if (scopes.Except(client.Scopes).FirstOrDefault() is { } unknown)
            return OAuthResponses.Error(http, "invalid_scope", $"The client may not request '{unknown}'.");

        var token = await issuer.IssueAsync(client.ClientId, client.ClientId, scopes, null, cancellationToken);
        return OAuthResponses.Tokens(http, new()
        {
            ["access_token"] = token.Value,
            ["token_type"] = "Bearer",
            ["expires_in"] = token.ExpiresInSeconds,
            ["scope"] = string.Join(' ', scopes),
        });
    }

    private sealed record CodeRow
    {
        public required string ClientId { get; init; }
        public Guid UserId { get; init; }
        public required string RedirectUri { get; init; }
        public required string CodeChallenge { get; init; }
        public required string[] Scopes { get; init; }
        public string? Nonce { get; init; }
        public DateTime ExpiresAt { get; init; }
        public DateTime? ConsumedAt { get; init; }
        public Guid? SessionId { get; init; }
        public DateTime AuthenticatedAt { get; init; }
    }

    private async Task<IResult> AuthorizationCodeAsync(HttpContext http, IFormCollection form, OAuthClient client, CancellationToken cancellationToken)
    {
        string? code = form["code"], redirectUri = form["redirect_uri"], verifier = form["code_verifier"];
        if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(redirectUri) || string.IsNullOrEmpty(verifier))
            return OAuthResponses.InvalidRequest(http, "code, redirect_uri and code_verifier are required.");
        if (!Secrets.TryReadTenant(code, AuthorizationCodes.Prefix, out var tenantId))
            return OAuthResponses.InvalidGrant(http, "The authorization code is invalid.");

        await using var work = await db.BeginForTenantAsync(tenantId, cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<CodeRow>("""
            select client_id, user_id, redirect_uri, code_challenge, scopes, nonce, expires_at, consumed_at, session_id, authenticated_at
            from authorization_codes where tenant_id = @TenantId and code_hash = @hash
            for update
            """, new { work.TenantId, hash = Secrets.Hash(code) });
        if (row is null)
            return OAuthResponses.InvalidGrant(http, "The authorization code is invalid.");
        if (row.ConsumedAt is not null)
        {
            // A code used twice was intercepted or replayed: end whatever the first use obtained.
            if (row.SessionId is { } issued)
                await UserSessions.RevokeAsync(work, issued, "authorization code reused");
            await work.CommitAsync();
            return OAuthResponses.InvalidGrant(http, "The authorization code was already used; the tokens issued for it are revoked.");
        }
        if (row.ClientId != client.ClientId)
            return OAuthResponses.InvalidGrant(http, "The authorization code was issued to another client.");
        if (row.ExpiresAt <= time.GetUtcNow().UtcDateTime)
            return OAuthResponses.InvalidGrant(http, "The authorization code has expired.");
        if (row.RedirectUri != redirectUri)
            return OAuthResponses.InvalidGrant(http, "redirect_uri does not match the authorization request.");
        if (!Pkce.Verify(verifier, row.CodeChallenge))
            return OAuthResponses.InvalidGrant(http, "code_verifier does not match the code challenge.");
        var user = await SignInUser.LoadAsync(work, row.UserId);
        if (user is not { CanSignIn: true })
            return OAuthResponses.InvalidGrant(http, "The user or the tenant is no longer active.");

        var sessionId = await UserSessions.CreateAsync(work, user, client.ClientId, row.Scopes, row.AuthenticatedAt);
        await work.ExecuteAsync("""
            update authorization_codes set consumed_at = now(), session_id = @sessionId where tenant_id = @TenantId and code_hash = @hash
            """, new { work.TenantId, sessionId, hash = Secrets.Hash(code) });
        var body = await sessions.IssueAsync(work, user, client.ClientId, sessionId, row.AuthenticatedAt, row.Scopes, row.Nonce, cancellationToken);
        await work.CommitAsync();
        return OAuthResponses.Tokens(http, body);
    }

    private sealed record RefreshRow
    {
        public Guid SessionId { get; init; }
        public DateTime ExpiresAt { get; init; }
        public DateTime? UsedAt { get; init; }
        public required string ClientId { get; init; }
        public Guid UserId { get; init; }
        public required string[] Scopes { get; init; }
        public DateTime? RevokedAt { get; init; }
        public DateTime AuthenticatedAt { get; init; }
    }

    private async Task<IResult> RefreshTokenAsync(HttpContext http, IFormCollection form, OAuthClient client, CancellationToken cancellationToken)
    {
        string? token = form["refresh_token"];
        if (string.IsNullOrEmpty(token))
            return OAuthResponses.InvalidRequest(http, "refresh_token is required.");
        if (!Secrets.TryReadTenant(token, UserSessions.RefreshTokenPrefix, out var tenantId))
            return OAuthResponses.InvalidGrant(http, "The refresh token is invalid.");

        await using var work = await db.BeginForTenantAsync(tenantId, cancellationToken);
        var hash = Secrets.Hash(token);
        var row = await work.QuerySingleOrDefaultAsync<RefreshRow>("""
            select r.session_id, r.expires_at, r.used_at, s.client_id, s.user_id, s.scopes, s.revoked_at, s.authenticated_at
            from refresh_tokens r join sessions s on s.tenant_id = r.tenant_id and s.id = r.session_id
            where r.tenant_id = @TenantId and r.token_hash = @hash
            for update of r, s
            """, new { work.TenantId, hash });
        if (row is null || row.ClientId != client.ClientId)
            return OAuthResponses.InvalidGrant(http, "The refresh token is invalid.");
        if (row.UsedAt is not null)
        {
            // Rotation means a refresh token works once; a second use means it leaked: end the whole family.
            await UserSessions.RevokeAsync(work, row.SessionId, "refresh token reused");
            await work.CommitAsync();
            return OAuthResponses.InvalidGrant(http, "The refresh token was already used; its session is revoked.");
        }
        if (row.RevokedAt is not null || row.ExpiresAt <= time.GetUtcNow().UtcDateTime)
            return OAuthResponses.InvalidGrant(http, "The refresh token is revoked or expired.");
        var requested = Infrastructure.Auth.Scopes.Parse(form["scope"]);
        var scopes = requested.Length == 0 ? row.Scopes : requested;
        if (scopes.Except(row.Scopes).FirstOrDefault() is { } wider)
            return OAuthResponses.Error(http, "invalid_scope", $"'{wider}' was not granted to this session.");
        var user = await SignInUser.LoadAsync(work, row.UserId);
        if (user is not { CanSignIn: true })
            return OAuthResponses.InvalidGrant(http, "The user or the tenant is no longer active.");

        await work.ExecuteAsync("update refresh_tokens set used_at = now() where tenant_id = @TenantId and token_hash = @hash",
            new { work.TenantId, hash });
        // A narrowed refresh keeps offline_access only if it is asked for again, per RFC 6749 §6.
        var body = await sessions.IssueAsync(work, user, client.ClientId, row.SessionId, row.AuthenticatedAt, scopes, null, cancellationToken);
        await work.CommitAsync();
        return OAuthResponses.Tokens(http, body);
    }
}
