namespace Saas.Api.Features.Partners;

public sealed record PartnerTenantResponse(Guid Id, string Name, string Slug, string Currency, string TimeZone, string Locale, string Status,
    DateTimeOffset CreatedAt);
