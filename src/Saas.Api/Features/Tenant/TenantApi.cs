using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Tenant;

public static class TenantApi
{
    public static void MapTenant(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/tenant").WithTags("Tenant");
        group.MapGet("/", GetTenant.Handle).WithName("GetTenant").WithSummary("Get the tenant's settings").RequireAuthorization(Policies.TenantUser);
        group.MapPatch("/", UpdateTenant.Handle).WithName("UpdateTenant")
            .WithSummary("Change the tenant's settings").RequireAuthorization(Policies.TenantAdmin)
            .Validate(UpdateTenant.Validator.Instance).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }
}

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

/// <summary>The tenant's row and its settings document, as the tenant slices read them.</summary>
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
