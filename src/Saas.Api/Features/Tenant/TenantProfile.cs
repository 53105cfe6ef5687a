using Saas.Api.Infrastructure.Database;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Tenant;

/// <summary>What the reports, the SLA watch and the calculation read of a tenant: its currency, time zone, locale and settings.</summary>
public sealed record TenantProfile(string Currency, string TimeZone, string Locale, TenantSettings Settings)
{
    private sealed record Row(string Currency, string TimeZone, string Locale);

    public static async Task<TenantProfile> LoadAsync(UnitOfWork work)
    {
        var row = await work.QuerySingleAsync<Row>("select currency, time_zone, locale from tenants where id = @TenantId", new { work.TenantId });
        return new TenantProfile(row.Currency.Trim(), row.TimeZone, row.Locale, await TenantSettings.LoadAsync(work));
    }

    public WorkingCalendar Calendar() => Settings.CalendarIn(TimeZone);
}
