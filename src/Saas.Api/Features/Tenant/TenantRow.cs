using System.Data.Common;

namespace Saas.Api.Features.Tenant;

/// <summary>The tenant's row, as the tenant slices read it; its settings are a document (<see cref="TenantSettingsDocument"/>).
/// The response merges the two, so it is written by hand rather than mapped.</summary>
public sealed record TenantRow(Guid Id, string Name, string Slug, string Currency, string TimeZone, string Locale, string Status)
{
    public const string Columns = "id, name, slug, currency, time_zone, locale, status";

    public const string Query = $"select {Columns} from tenants where id = @TenantId";

    /// <summary><see cref="Query"/> with the tenant's id as the one <c>?</c> of a batch's SQL rows (<c>ReadBatch.Rows</c>).</summary>
    public const string QueryInBatch = $"select {Columns} from tenants where id = ?";

    /// <summary>A row of <see cref="Columns"/>, by position.</summary>
    public static TenantRow Read(DbDataReader row) =>
        new(row.GetGuid(0), row.GetString(1), row.GetString(2), row.GetString(3), row.GetString(4), row.GetString(5), row.GetString(6));

    public TenantResponse ToResponse(TenantSettingsDocument document)
    {
        var settings = document.Settings;
        return new(Id, Name, Slug, Currency.Trim(), TimeZone, Locale, Status, settings.WorkingHours, settings.Holidays,
            settings.FirstResponseSlaMinutes, settings.NonTargetLeadMinutes, settings.WorkingHoursPerMonth, settings.AttributionModel,
            settings.DisqualificationReasons, settings.FirstResponseSlaFrom, settings.DealAttributes ?? [], document.Version);
    }
}
