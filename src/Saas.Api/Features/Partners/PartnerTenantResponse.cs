using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Partners;

public sealed record PartnerTenantResponse(Guid Id, string Name, string Slug, string Currency, string TimeZone, [property: DocumentedValues("ru", "en")] string Locale,
    [property: DocumentedValues("active", "suspended")] string Status,
    DateTimeOffset CreatedAt);
