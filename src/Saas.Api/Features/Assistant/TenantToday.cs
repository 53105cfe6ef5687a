using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Assistant;

public static class TenantToday
{
    /// <summary>Today in the tenant's time zone: what "до конца года" counts from.</summary>
    public static async Task<DateOnly> OfAsync(TenantDb db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        return await OfAsync(work);
    }

    /// <inheritdoc cref="OfAsync(TenantDb, CancellationToken)"/>
    public static Task<DateOnly> OfAsync(UnitOfWork work) =>
        work.QuerySingleAsync<DateOnly>("select (now() at time zone time_zone)::date from tenants where id = @TenantId", new { work.TenantId });
}
