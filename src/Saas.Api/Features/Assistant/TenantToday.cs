using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Assistant;

public static class TenantToday
{
    private const string TodayOfTenant = "select (now() at time zone time_zone)::date from tenants where id = ";

    /// <summary>Today in the tenant's time zone: what "до конца года" counts from.</summary>
    public static async Task<DateOnly> OfAsync(TenantDb db, CancellationToken cancellationToken)
    {
        await using var batch = db.Batch();
        var today = In(batch);
        await batch.ExecuteAsync(cancellationToken);
        return await today;
    }

    /// <inheritdoc cref="OfAsync(TenantDb, CancellationToken)"/>
    public static Task<DateOnly> OfAsync(UnitOfWork work) =>
        work.QuerySingleAsync<DateOnly>(TodayOfTenant + "@TenantId", new { work.TenantId });

    /// <summary>Today in the tenant's time zone, read with what else <paramref name="batch"/> reads: await it after the batch ran.</summary>
    public static async Task<DateOnly> In(ReadBatch batch) =>
        (await batch.Rows(TodayOfTenant + "?", row => row.GetFieldValue<DateOnly>(0), batch.TenantId)).Single();
}
