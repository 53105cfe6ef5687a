using System.Collections.Concurrent;
using System.Security.Claims;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Whether the caller a valid access token speaks for may still call: a suspended tenant, a deactivated user, a revoked
/// sign-in, a changed role or employee link, or a disabled client stop its tokens, not when they expire. A caller found live is
/// trusted for <see cref="AuthOptions.LiveCallerCache"/> (a database round trip saved on most requests); every write through this
/// instance forgets them all (<see cref="ForgetAll"/>), so that a change made here takes effect here at once, and elsewhere within
/// the bound.</summary>
public sealed class LiveCallers(NpgsqlDataSource dataSource, IOptions<AuthOptions> options, TimeProvider time)
{
    private const string TokenIdClaim = OpenIddict.Abstractions.OpenIddictConstants.Claims.Private.TokenId;

    /// <summary>More callers than this in one bound is no longer a cache worth keeping: it starts again.</summary>
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, long> _liveUntil = new(StringComparer.Ordinal);
    private readonly long _trustFor = (long)(options.Value.LiveCallerCache.TotalSeconds * time.TimestampFrequency);

    /// <summary>Called after every request that may have changed a caller (<see cref="ForgetLiveCallersAfterWrites"/>), once it is done.</summary>
    public void ForgetAll() => _liveUntil.Clear();

    public async Task<bool> IsLiveAsync(ClaimsPrincipal principal, bool own, CancellationToken cancellationToken)
    {
        if (_trustFor <= 0)
            return await AskAsync(principal, own, cancellationToken);
        // Everything the question depends on is in the key: a token whose claims differ is asked about on its own.
        var key = string.Join('|', own, principal.FindFirst(TokenIdClaim)?.Value, principal.FindFirst(ClaimNames.Tenant)?.Value,
            principal.FindFirst(ClaimNames.ClientId)?.Value, principal.FindFirst(ClaimNames.Subject)?.Value, principal.FindFirst(ClaimNames.Role)?.Value,
            principal.FindFirst(ClaimNames.Employee)?.Value);
        var now = time.GetTimestamp();
        if (_liveUntil.TryGetValue(key, out var until) && now < until)
            return true;
        if (!await AskAsync(principal, own, cancellationToken))
            return false;
        if (_liveUntil.Count >= MaxCached)
            _liveUntil.Clear();
        _liveUntil[key] = now + _trustFor;
        return true;
    }

    private async Task<bool> AskAsync(ClaimsPrincipal principal, bool own, CancellationToken cancellationToken)
    {
        // Tokens of this issuer name their entry in the token service's store, which a revocation, a replayed code or a reused
        // refresh token marks revoked with every token of its sign-in; an external issuer's tokens only need a live tenant.
        Guid? tokenId = Guid.TryParse(principal.FindFirst(TokenIdClaim)?.Value, out var id) ? id : null;
        if (own && tokenId is null)
            return false;
        var tenantClaim = principal.FindFirst(ClaimNames.Tenant)?.Value;
        if (tenantClaim is null)
        {
            // A client's own token (partners): the client must still be active.
            var clientId = principal.FindFirst(ClaimNames.ClientId)?.Value;
            if (clientId is null)
                return false;
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return tokenId is null
                ? await connection.ExecuteScalarAsync<bool>(
                    "select exists (select from oauth_clients where client_id = @clientId and status = 'active')", new { clientId })
                : await connection.ExecuteScalarAsync<bool>("""
                    select exists (select from oauth_clients where client_id = @clientId and status = 'active')
                       and exists (select from openiddict."OpenIddictTokens" where "Id" = @tokenId and "Status" = 'valid')
                    """, new { clientId, tokenId });
        }
        if (!Guid.TryParse(tenantClaim, out var tenantId))
            return false;
        Guid.TryParse(principal.FindFirst(ClaimNames.Subject)?.Value, out var userId);
        var role = principal.FindFirst(ClaimNames.Role)?.Value;
        Guid? employeeId = Guid.TryParse(principal.FindFirst(ClaimNames.Employee)?.Value, out var employee) ? employee : null;

        await using var work = await UnitOfWork.BeginAsync(dataSource, tenantId, cancellationToken);
        if (tokenId is null)
            return await work.QuerySingleOrDefaultAsync<bool>("select status = 'active' from tenants where id = @tenantId", new { tenantId });
        // The role and the employee link are read with the token: a demoted admin's token stops at once, not when it expires.
        return await work.QuerySingleOrDefaultAsync<bool>("""
            select t.status = 'active'
               and exists (select from openiddict."OpenIddictTokens" k where k."Id" = @tokenId and k."Status" = 'valid')
               and exists (select from users u where u.tenant_id = t.id and u.id = @userId and u.status = 'active'
                           and u.role = @role and u.employee_id is not distinct from @employeeId)
            from tenants t where t.id = @tenantId
            """, new { tenantId, tokenId, userId, role, employeeId });
    }
}
