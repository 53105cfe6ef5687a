using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Users;

/// <summary>A tenant keeps at least one active admin through every change of a user's role or status.</summary>
public static class AdminGuard
{
    /// <summary>Locks the tenant's admins, in one order so that two concurrent changes wait for each other instead of
    /// deadlocking; call it before the change, then <see cref="StillHasAnActiveAdminAsync"/> after it.</summary>
    public static Task LockAdminsAsync(UnitOfWork work) =>
        work.ExecuteAsync("select from users where tenant_id = @TenantId and role = 'admin' order by id for update", new { work.TenantId });

    /// <summary>Only an active admin counts: one who was invited but never activated cannot sign in, and a tenant left with
    /// only such admins could no longer be administered at all.</summary>
    public static Task<bool> StillHasAnActiveAdminAsync(UnitOfWork work) =>
        work.ExecuteScalarAsync<bool>(
            "select exists (select from users where tenant_id = @TenantId and role = 'admin' and status = 'active')", new { work.TenantId });
}
