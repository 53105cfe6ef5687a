using Saas.Api.Infrastructure.Database;
using Saas.Engine.Sla;

namespace Saas.Api.Features.Tenant;

/// <summary>What the reports and the SLA watch read of a tenant: its currency, time zone and settings.</summary>
public sealed record TenantProfile(string Currency, string TimeZone, TenantSettings Settings)
{
    private sealed record Row(string Currency, string TimeZone, string Settings);

    public static async Task<TenantProfile> LoadAsync(UnitOfWork work)
    {
        var row = await work.QuerySingleAsync<Row>("""
            select t.currency, t.time_zone, s.settings::text as settings from tenants t join tenant_settings s on s.tenant_id = t.id where t.id = @TenantId
            """, new { work.TenantId });
        return new TenantProfile(row.Currency.Trim(), row.TimeZone, TenantSettings.FromJson(row.Settings));
    }

    public WorkingCalendar Calendar() => Settings.CalendarIn(TimeZone);
}
