using System.Security.Claims;
using System.Text.Encodings.Web;
using Dapper;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Authenticates integrations by <c>X-Api-Key</c>. A key that fails its checksum is rejected without
/// touching the database; a known one must be unrevoked and its tenant active, checked on every request so
/// that revocation and suspension take effect at once.</summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory loggerFactory,
    UrlEncoder encoder, NpgsqlDataSource dataSource)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AuthenticationMethod = "api_key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(OpenApiSetup.ApiKeyHeader, out var values))
            return AuthenticateResult.NoResult();
        var key = values.ToString();
        if (!ApiKeyFormat.IsWellFormed(key))
            return AuthenticateResult.Fail("The API key is malformed.");

        await using var connection = await dataSource.OpenConnectionAsync(Context.RequestAborted);
        var found = await connection.QuerySingleOrDefaultAsync<KeyGrant>(
            "select tenant_id, key_id, scopes, tenant_status from authenticate_api_key(@hash)", new { hash = Secrets.Hash(key) });
        if (found is not { TenantStatus: "active" })
            return AuthenticateResult.Fail("The API key is unknown, revoked, or its tenant is suspended.");

        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimNames.Subject, "api_key:" + found.KeyId),
            new Claim(ClaimNames.Tenant, found.TenantId.ToString()),
            new Claim(ClaimNames.ApiKey, found.KeyId.ToString()),
            new Claim(ClaimNames.Scope, string.Join(' ', found.Scopes)),
        ], AuthenticationMethod, ClaimNames.Subject, ClaimNames.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    private sealed record KeyGrant
    {
        public Guid TenantId { get; init; }
        public Guid KeyId { get; init; }
        public required string[] Scopes { get; init; }
        public required string TenantStatus { get; init; }
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "ApiKey header=\"X-Api-Key\"";
        return Task.CompletedTask;
    }
}
