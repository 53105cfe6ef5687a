using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Tenant;

/// <summary>The tenant and its settings, one document with one version (the settings').</summary>
public sealed record TenantResponse(
    Guid Id,
    string Name,
    string Slug,
    string Currency,
    string TimeZone,
    [property: DocumentedValues("ru", "en")] string Locale,
    [property: DocumentedValues("active", "suspended")] string Status,
    IReadOnlyList<WorkingInterval> WorkingHours,
    IReadOnlyList<DateOnly> Holidays,
    int FirstResponseSlaMinutes,
    int NonTargetLeadMinutes,
    decimal WorkingHoursPerMonth,
    [property: DocumentedValues(typeof(Saas.Engine.Attribution.AttributionModel))] string AttributionModel,
    IReadOnlyList<DisqualificationReason> DisqualificationReasons,
    [property: DocumentedValues("lead.created", "lead.assigned")] string FirstResponseSlaFrom,
    IReadOnlyList<DealAttributeSetting> DealAttributes,
    int Version);
