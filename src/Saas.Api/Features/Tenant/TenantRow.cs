namespace Saas.Api.Features.Tenant;

/// <summary>The tenant's row, as the tenant slices read it; its settings are a document (<see cref="TenantSettingsDocument"/>).
/// The response merges the two, so it is written by hand rather than mapped.</summary>
public sealed record TenantRow(Guid Id, string Name, string Slug, string Currency, string TimeZone, string Locale, string Status)
{
    public const string Query = "select id, name, slug, currency, time_zone, locale, status from tenants where id = @TenantId";

    public TenantResponse ToResponse(TenantSettingsDocument document)
    {
        var settings = document.Settings;
        return new(Id, Name, Slug, Currency.Trim(), TimeZone, Locale, Status, settings.WorkingHours, settings.Holidays,
            settings.FirstResponseSlaMinutes, settings.NonTargetLeadMinutes, settings.WorkingHoursPerMonth, settings.AttributionModel,
            settings.DisqualificationReasons, settings.FirstResponseSlaFrom, settings.DealAttributes ?? [], document.Version);
    }
}
