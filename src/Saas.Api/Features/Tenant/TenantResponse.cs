namespace Saas.Api.Features.Tenant;

/// <summary>The tenant and its settings, one document with one version (the settings').</summary>
public sealed record TenantResponse(
    Guid Id,
    string Name,
    string Slug,
    string Currency,
    string TimeZone,
    string Locale,
    string Status,
    IReadOnlyList<WorkingInterval> WorkingHours,
    IReadOnlyList<DateOnly> Holidays,
    int FirstResponseSlaMinutes,
    int NonTargetLeadMinutes,
    decimal WorkingHoursPerMonth,
    string AttributionModel,
    IReadOnlyList<DisqualificationReason> DisqualificationReasons,
    string FirstResponseSlaFrom,
    int Version);
