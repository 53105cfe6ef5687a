using FastEndpoints;
using Mapster;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners.ListPartnerTenants;

public sealed class Endpoint(PlatformDb db) : Endpoint<Request, Page<PartnerTenantResponse>>
{
    public override void Configure()
    {
        Get("tenants");
        Group<PartnersGroup>();
        Description(route => route.WithName("ListPartnerTenants"));
        Summary(summary => summary.Summary = "List this partner's tenants");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var page = request.Page;
        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<PartnerTenantRow>($"""
            select {PartnerTenantRow.Columns} from tenants
            where partner_client_id = @partner and (@After::uuid is null or id > @After)
            order by id limit @Take
            """, new { partner = User.PartnerId(), page.After, Take = page.Limit + 1 })).ToList();
        await Send.OkAsync(new Page<PartnerTenantResponse>(rows.Take(page.Limit).Select(r => r.Adapt<PartnerTenantResponse>()).ToList(),
            page.NextCursor(rows, r => r.Id)), cancellationToken);
    }
}
