namespace Saas.Api.Features.Tenant;

/// <summary>The tenant's row and its settings document, as the tenant slices read them. The response
/// merges the row with the parsed settings document, so it is written by hand rather than mapped.</summary>
public sealed record TenantRow(Guid Id, string Name, string Slug, string Currency, string TimeZone, string Locale, string Status,
    string Settings, int Version)
{
    public const string Query = """
        select t.id, t.name, t.slug, t.currency, t.time_zone, t.locale, t.status, s.settings::text as settings, s.version
        from tenants t join tenant_settings s on s.tenant_id = t.id
        where t.id = @TenantId
        """;

    public TenantResponse ToResponse()
    {
        var settings = TenantSettings.FromJson(Settings);
        return new(Id, Name, Slug, Currency.Trim(), TimeZone, Locale, Status, settings.WorkingHours, settings.Holidays,
            settings.FirstResponseSlaMinutes, settings.NonTargetLeadMinutes, settings.WorkingHoursPerMonth, settings.AttributionModel,
            settings.DisqualificationReasons, settings.FirstResponseSlaFrom, Version);
    }
}
