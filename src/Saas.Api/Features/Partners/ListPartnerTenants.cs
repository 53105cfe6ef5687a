using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners;

public static class ListPartnerTenants
{
    public static async Task<Results<Ok<Page<PartnerTenantResponse>>, ProblemHttpResult>> Handle(ClaimsPrincipal caller, PlatformDb db,
        CancellationToken cancellationToken, int? limit = null, string? cursor = null)
    {
        if (!PageQuery.TryCreate(limit, cursor, out var page, out var problem))
            return problem!;
        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<PartnerTenantRow>($"""
            select {PartnerTenantRow.Columns} from tenants
            where partner_client_id = @partner and (@After::uuid is null or id > @After)
            order by id limit @Take
            """, new { partner = caller.PartnerId(), page.After, Take = page.Limit + 1 })).ToList();
        return TypedResults.Ok(new Page<PartnerTenantResponse>(rows.Take(page.Limit).Select(r => r.ToResponse()).ToList(), page.NextCursor(rows, r => r.Id)));
    }
}

public static class GetPartnerTenant
{
    public static async Task<Results<Ok<PartnerTenantResponse>, ProblemHttpResult>> Handle(Guid id, ClaimsPrincipal caller, PlatformDb db,
        CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<PartnerTenantRow>(
            $"select {PartnerTenantRow.Columns} from tenants where id = @id and partner_client_id = @partner", new { id, partner = caller.PartnerId() });
        return row is null ? Problems.NotFound("tenant", id) : TypedResults.Ok(row.ToResponse());
    }
}
