using Saas.Api.Infrastructure.Database;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Tenant;

/// <summary>What the reports and the SLA watch read of a tenant: its currency, time zone and settings.</summary>
public sealed record TenantProfile(string Currency, string TimeZone, TenantSettings Settings)
{
    private sealed record Row(string Currency, string TimeZone);

    public static async Task<TenantProfile> LoadAsync(UnitOfWork work)
    {
        var row = await work.QuerySingleAsync<Row>("select currency, time_zone from tenants where id = @TenantId", new { work.TenantId });
        return new TenantProfile(row.Currency.Trim(), row.TimeZone, await TenantSettings.LoadAsync(work));
    }

    public WorkingCalendar Calendar() => Settings.CalendarIn(TimeZone);
}
