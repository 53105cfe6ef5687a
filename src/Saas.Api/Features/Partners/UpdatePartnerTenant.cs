using System.Security.Claims;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners;

/// <summary>Rename, suspend or reactivate one of the partner's tenants. Suspension blocks the tenant's users,
/// tokens and API keys on their next request: every request checks the tenant's status.</summary>
public static class UpdatePartnerTenant
{
    public sealed record Request(string? Name, string? Status);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200).When(r => r.Name is not null);
            RuleFor(r => r.Status).Must(status => status is "active" or "suspended")
                .WithMessage("'status' must be active or suspended.").When(r => r.Status is not null);
        }
    }

    public static async Task<Results<Ok<PartnerTenantResponse>, ProblemHttpResult>> Handle(Guid id, Request request, ClaimsPrincipal caller,
        PlatformDb db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<PartnerTenantRow>($"""
            update tenants set name = coalesce(@name, name), status = coalesce(@Status, status), updated_at = now()
            where id = @id and partner_client_id = @partner
            returning {PartnerTenantRow.Columns}
            """, new { id, name = request.Name?.Trim(), request.Status, partner = caller.PartnerId() });
        if (row is null)
            return Problems.NotFound("tenant", id);
        await work.CommitAsync();
        return TypedResults.Ok(row.ToResponse());
    }
}
