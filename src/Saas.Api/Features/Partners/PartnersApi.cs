using System.Security.Claims;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners;

public static class PartnersApi
{
    public static void MapPartners(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/partner").WithTags("Partners").RequireAuthorization(Policies.Partner);
        group.MapPost("/tenants", ProvisionTenant.Handle).WithName("ProvisionTenant").WithSummary("Provision a tenant (company) and its first admin")
            .Validate(ProvisionTenant.Validator.Instance).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/tenants", ListPartnerTenants.Handle).WithName("ListPartnerTenants").WithSummary("List this partner's tenants");
        group.MapGet("/tenants/{id:guid}", GetPartnerTenant.Handle).WithName("GetPartnerTenant").WithSummary("Get one of this partner's tenants");
        group.MapPatch("/tenants/{id:guid}", UpdatePartnerTenant.Handle).WithName("UpdatePartnerTenant")
            .WithSummary("Rename, suspend or reactivate a tenant").Validate(UpdatePartnerTenant.Validator.Instance);
        group.MapPost("/clients", RegisterClient.Handle).WithName("RegisterClient")
            .WithSummary("Register a frontend (public OAuth client with PKCE)").Validate(new RegisterClient.Validator(api.ServiceProvider.GetRequiredService<CorsSettings>()));
        group.MapGet("/clients", ListClients.Handle).WithName("ListPartnerClients").WithSummary("List this partner's registered clients");
    }

    /// <summary>The calling partner's client id (the policy guarantees a partner token).</summary>
    public static string PartnerId(this ClaimsPrincipal user) => user.FindFirst(ClaimNames.ClientId)!.Value;
}

public sealed record PartnerTenantResponse(Guid Id, string Name, string Slug, string Currency, string TimeZone, string Locale, string Status,
    DateTimeOffset CreatedAt);

public sealed record PartnerTenantRow(Guid Id, string Name, string Slug, string Currency, string TimeZone, string Locale, string Status,
    DateTime CreatedAt)
{
    public const string Columns = "id, name, slug, currency, time_zone, locale, status, created_at";

    public PartnerTenantResponse ToResponse() =>
        new(Id, Name, Slug, Currency.Trim(), TimeZone, Locale, Status, new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)));
}
