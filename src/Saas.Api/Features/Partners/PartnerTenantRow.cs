namespace Saas.Api.Features.Partners;

/// <summary>A row of <c>tenants</c> as a partner sees it.</summary>
public sealed record PartnerTenantRow(Guid Id, string Name, string Slug, string Currency, string TimeZone, string Locale, string Status,
    DateTime CreatedAt)
{
    public const string Columns = "id, name, slug, currency, time_zone, locale, status, created_at";
}
