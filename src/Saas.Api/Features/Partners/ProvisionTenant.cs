using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Saas.Api.Features.Identity;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners;

/// <summary>A partner provisions a company: the tenant, its default settings, and its first admin, who gets a
/// one-time activation token (stored hashed, expiring) to set a password with.</summary>
public static class ProvisionTenant
{
    public sealed record AdminRequest(string? Email, string? FullName);

    public sealed record Request(string? Name, string? Slug, string? Currency, string? TimeZone, string? Locale, AdminRequest? Admin);

    public sealed record AdminResponse(Guid Id, string Email, string FullName, string ActivationToken, DateTimeOffset ActivationExpiresAt);

    public sealed record Response(Guid Id, string Name, string Slug, string Currency, string TimeZone, string Locale, string Status,
        AdminResponse Admin);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Slug).NotEmpty().Matches("^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$")
                .WithMessage("'slug' must be 3–63 lowercase letters, digits and inner hyphens.");
            RuleFor(r => r.Currency).NotEmpty().KnownCurrency();
            RuleFor(r => r.TimeZone).NotEmpty().KnownTimeZone();
            RuleFor(r => r.Locale).NotEmpty().KnownLocale();
            RuleFor(r => r.Admin).NotNull();
            RuleFor(r => r.Admin!.Email).NotEmpty().EmailAddress().MaximumLength(320).When(r => r.Admin is not null);
            RuleFor(r => r.Admin!.FullName).NotEmpty().MaximumLength(200).When(r => r.Admin is not null);
        }
    }

    public static async Task<Results<Created<Response>, ProblemHttpResult>> Handle(Request request, ClaimsPrincipal caller, PlatformDb db,
        IOptions<AuthOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var tenantId = Guid.CreateVersion7();
        var adminId = Guid.CreateVersion7();
        var activationToken = Secrets.NewTenantToken(ActivationTokens.Prefix, tenantId);
        var activationExpiresAt = time.GetUtcNow() + options.Value.ActivationTokenLifetime;
        var email = request.Admin!.Email!.Trim();

        await using var work = await db.BeginForTenantAsync(tenantId, cancellationToken);
        try
        {
            await work.ExecuteAsync("""
                insert into tenants (id, slug, name, currency, time_zone, locale, partner_client_id)
                values (@tenantId, @Slug, @name, @Currency, @TimeZone, @Locale, @partner)
                """, new { tenantId, request.Slug, name = request.Name!.Trim(), request.Currency, request.TimeZone, request.Locale, partner = caller.PartnerId() });
            await work.ExecuteAsync("insert into tenant_settings (tenant_id, settings) values (@TenantId, @settings::jsonb)",
                new { work.TenantId, settings = TenantSettings.Defaults(request.Locale!).ToJson() });
            await work.ExecuteAsync("""
                insert into users (tenant_id, id, email, full_name, role, activation_token_hash, activation_expires_at)
                values (@TenantId, @adminId, @email, @fullName, 'admin', @hash, @activationExpiresAt)
                """, new { work.TenantId, adminId, email, fullName = request.Admin.FullName!.Trim(), hash = Secrets.Hash(activationToken), activationExpiresAt });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The admin's e-mail may be in use in other companies (one person, several memberships); only the slug is global.
            return Problems.Conflict($"The slug '{request.Slug}' is taken.");
        }
        await work.CommitAsync();

        return TypedResults.Created($"/api/v1/partner/tenants/{tenantId}", new Response(tenantId, request.Name.Trim(), request.Slug!,
            request.Currency!, request.TimeZone!, request.Locale!, "active",
            new AdminResponse(adminId, email, request.Admin.FullName.Trim(), activationToken, activationExpiresAt)));
    }
}
