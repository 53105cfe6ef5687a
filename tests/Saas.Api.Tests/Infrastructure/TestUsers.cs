using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using OpenIddict.Abstractions;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>Tenants and signed-in users made directly, for tests about something else: a tenant of the test partner, and
/// an active user with an access token the API accepts.</summary>
public static class TestUsers
{
    public static async Task<Guid> CreateTenantAsync(IServiceProvider services, string locale = "ru")
    {
        var id = Guid.CreateVersion7();
        await using var work = await UnitOfWork.BeginAsync(services.GetRequiredService<NpgsqlDataSource>(), id, CancellationToken.None,
            services.GetRequiredService<Marten.IDocumentStore>());
        await work.ExecuteAsync("""
            insert into tenants (id, slug, name, currency, time_zone, locale, partner_client_id)
            values (@id, @slug, @name, 'RUB', 'Europe/Moscow', @locale, @partner);
            """, new
        {
            id,
            slug = "t-" + id.ToString("N")[^12..],
            name = "Tenant " + id.ToString("N")[^6..],
            locale,
            partner = TestSettings.PartnerId,
        });
        work.Documents.Insert(new Saas.Api.Features.Tenant.TenantSettingsDocument { Id = id, Settings = Saas.Api.Features.Tenant.TenantSettings.Defaults(locale) });
        await work.CommitAsync();
        return id;
    }

    /// <summary>An active user of the tenant and an access token for it, as the token service would issue one after a sign-in:
    /// an entry in its store, and a JWT signed with the current key that names the entry. Without <paramref name="storeEntry"/>,
    /// a token only another instance trusting this one as an external issuer accepts (before the store existed, say).</summary>
    public static async Task<string> TokenAsync(IServiceProvider services, Guid tenantId, string role, Guid? employeeId = null, string? email = null,
        bool storeEntry = true)
    {
        var userId = Guid.CreateVersion7();
        await using (var work = await UnitOfWork.BeginAsync(services.GetRequiredService<NpgsqlDataSource>(), tenantId, CancellationToken.None))
        {
            await work.ExecuteAsync("""
                insert into users (tenant_id, id, email, full_name, role, employee_id, status, password_hash)
                values (@tenantId, @userId, @email, 'Test User', @role, @employeeId, 'active', null);
                """, new { tenantId, userId, role, employeeId, email = email ?? $"{role}-{userId:N}@test.example" });
            await work.CommitAsync();
        }
        var now = DateTimeOffset.UtcNow;
        var lifetime = services.GetRequiredService<IOptions<AuthOptions>>().Value.AccessTokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [ClaimNames.Subject] = userId.ToString(),
            [ClaimNames.ClientId] = TestSettings.FrontendId,
            [ClaimNames.Scope] = Scopes.Api,
            [ClaimNames.Tenant] = tenantId.ToString(),
            [ClaimNames.Role] = role,
        };
        if (storeEntry)
        {
            await using var scope = services.CreateAsyncScope();
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            var entry = await tokens.CreateAsync(new OpenIddictTokenDescriptor
            {
                Type = OpenIddictConstants.TokenTypeIdentifiers.AccessToken,
                Status = OpenIddictConstants.Statuses.Valid,
                Subject = userId.ToString(),
                CreationDate = now,
                ExpirationDate = now + lifetime,
            });
            claims[OpenIddictConstants.Claims.Private.TokenId] = (await tokens.GetIdAsync(entry))!;
        }
        if (employeeId is { } employee)
            claims[ClaimNames.Employee] = employee.ToString();
        var key = await services.GetRequiredService<SigningKeyStore>().GetSigningKeyAsync(CancellationToken.None);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = services.GetRequiredService<IOptions<AuthOptions>>().Value.Issuer,
            Audience = AuthOptions.Audience,
            TokenType = "at+jwt",
            IssuedAt = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256),
        });
    }
}
