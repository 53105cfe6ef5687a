using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Tests.Infrastructure;

/// <summary>Tenants and signed-in users made directly, for tests about something else: a tenant of the test partner, and
/// an active user with a session and a real access token from the API's own token issuer.</summary>
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

    /// <summary>An active user of the tenant with a session, and an access token for it. The e-mail is made up unless given
    /// (the same person may be a user of several tenants).</summary>
    public static async Task<string> TokenAsync(IServiceProvider services, Guid tenantId, string role, Guid? employeeId = null, string? email = null)
    {
        var userId = Guid.CreateVersion7();
        var sessionId = Guid.CreateVersion7();
        await using (var work = await UnitOfWork.BeginAsync(services.GetRequiredService<NpgsqlDataSource>(), tenantId, CancellationToken.None))
        {
            await work.ExecuteAsync("""
                insert into users (tenant_id, id, email, full_name, role, employee_id, status, password_hash)
                values (@tenantId, @userId, @email, 'Test User', @role, @employeeId, 'active', null);
                insert into sessions (tenant_id, id, user_id, client_id, scopes) values (@tenantId, @sessionId, @userId, @client, '{api}');
                """, new { tenantId, userId, sessionId, role, employeeId, email = email ?? $"{role}-{userId:N}@test.example", client = TestSettings.FrontendId });
            await work.CommitAsync();
        }
        var claims = new Dictionary<string, object>
        {
            [ClaimNames.Tenant] = tenantId.ToString(),
            [ClaimNames.Role] = role,
            [ClaimNames.Session] = sessionId.ToString(),
        };
        if (employeeId is { } employee)
            claims[ClaimNames.Employee] = employee.ToString();
        var token = await services.GetRequiredService<TokenIssuer>().IssueAsync(userId.ToString(), TestSettings.FrontendId, [Scopes.Api], claims, CancellationToken.None);
        return token.Value;
    }
}
