using FastEndpoints;
using Microsoft.Extensions.Options;
using Npgsql;
using Saas.Api.Features.Identity;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners.ProvisionTenant;

/// <summary>A partner provisions a company: the tenant, its default settings, and its first admin, who gets a one-time
/// activation token (stored hashed, expiring) to set a password with.</summary>
public sealed class Endpoint(PlatformDb db, IOptions<AuthOptions> options, TimeProvider time) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("tenants");
        Group<PartnersGroup>();
        Description(route => route.WithName("ProvisionTenant").Produces<Response>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(summary => summary.Summary = "Provision a tenant (company) and its first admin");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var tenantId = Guid.CreateVersion7();
        var adminId = Guid.CreateVersion7();
        var activationToken = Secrets.NewTenantToken(ActivationTokens.Prefix, tenantId);
        var activationExpiresAt = time.GetUtcNow() + options.Value.ActivationTokenLifetime;
        var name = request.Name!.Trim();
        var email = request.Admin!.Email!.Trim();
        var fullName = request.Admin.FullName!.Trim();
        var locale = TenantSettings.LanguageOf(request.Locale)!;

        await using var work = await db.BeginForTenantAsync(tenantId, cancellationToken);
        try
        {
            await work.ExecuteAsync("""
                insert into tenants (id, slug, name, currency, time_zone, locale, partner_client_id)
                values (@tenantId, @Slug, @name, @Currency, @TimeZone, @Locale, @partner)
                """, new { tenantId, request.Slug, name, request.Currency, request.TimeZone, Locale = locale, partner = User.PartnerId() });
            work.Documents.Insert(new TenantSettingsDocument { Id = tenantId, Settings = TenantSettings.Defaults(locale) });
            await work.ExecuteAsync("""
                insert into users (tenant_id, id, email, full_name, role, activation_token_hash, activation_expires_at)
                values (@TenantId, @adminId, @email, @fullName, 'admin', @hash, @activationExpiresAt)
                """, new { work.TenantId, adminId, email, fullName, hash = Secrets.Hash(activationToken), activationExpiresAt });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The admin's e-mail may be in use in other companies (one person, several memberships); only the slug is global.
            await Send.ResultAsync(Problems.Conflict($"The slug '{request.Slug}' is taken."));
            return;
        }
        await work.CommitAsync();

        await Send.ResultAsync(TypedResults.Created($"/api/v1/partner/tenants/{tenantId}", new Response(tenantId, name, request.Slug!,
            request.Currency!, request.TimeZone!, locale, "active",
            new AdminResponse(adminId, email, fullName, activationToken, activationExpiresAt))));
    }
}
