using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.ApiKeys.ListApiKeys;

public sealed class Endpoint(TenantDb db) : Endpoint<Request, Page<ApiKeyResponse>>
{
    public override void Configure()
    {
        Get("");
        Group<ApiKeysGroup>();
        Description(route => route.WithName("ListApiKeys"));
        Summary(summary => summary.Summary = "List API keys by prefix, with scopes and last use");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var page = request.Page;
        var rows = await db.QueryAsync<ApiKeyRow>($"""
            select {ApiKeyRow.Columns} from api_keys
            where tenant_id = @TenantId and (@After::uuid is null or id > @After) and (@IncludeRevoked or revoked_at is null)
            order by id limit @Take
            """, new { db.TenantId, page.After, request.IncludeRevoked, Take = page.Limit + 1 }, cancellationToken);
        await Send.OkAsync(new Page<ApiKeyResponse>(rows.Take(page.Limit).Select(r => r.ToResponse()).ToList(), page.NextCursor(rows, r => r.Id)),
            cancellationToken);
    }
}
