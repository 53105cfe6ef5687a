using FastEndpoints;
using Mapster;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners.UpdatePartnerTenant;

/// <summary>Rename, suspend or reactivate one of the partner's tenants. Suspension blocks the tenant's users, tokens and
/// API keys on their next request: every request checks the tenant's status.</summary>
public sealed class Endpoint(PlatformDb db) : Endpoint<Request, PartnerTenantResponse>
{
    public override void Configure()
    {
        Patch("tenants/{id:guid}");
        Group<PartnersGroup>();
        Description(route => route.WithName("UpdatePartnerTenant"));
        Summary(summary => summary.Summary = "Rename, suspend or reactivate a tenant");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<PartnerTenantRow>($"""
            update tenants set name = coalesce(@name, name), status = coalesce(@Status, status), updated_at = now()
            where id = @Id and partner_client_id = @partner
            returning {PartnerTenantRow.Columns}
            """, new { request.Id, name = request.Name?.Trim(), request.Status, partner = User.PartnerId() });
        if (row is null)
        {
            await Send.ResultAsync(Problems.NotFound("tenant", request.Id));
            return;
        }
        await work.CommitAsync();
        await Send.OkAsync(row.Adapt<PartnerTenantResponse>(), cancellationToken);
    }
}
