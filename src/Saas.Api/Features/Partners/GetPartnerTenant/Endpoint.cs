using FastEndpoints;
using Mapster;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners.GetPartnerTenant;

public sealed class Endpoint(PlatformDb db) : EndpointWithoutRequest<PartnerTenantResponse>
{
    public override void Configure()
    {
        Get("tenants/{id:guid}");
        Group<PartnersGroup>();
        Description(route => route.WithName("GetPartnerTenant"));
        Summary(summary => summary.Summary = "Get one of this partner's tenants");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<PartnerTenantRow>(
            $"select {PartnerTenantRow.Columns} from tenants where id = @id and partner_client_id = @partner", new { id, partner = User.PartnerId() });
        if (row is null)
        {
            await Send.ResultAsync(Problems.NotFound("tenant", id));
            return;
        }
        await Send.OkAsync(row.Adapt<PartnerTenantResponse>(), cancellationToken);
    }
}
