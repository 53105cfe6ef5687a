using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Tenant.GetTenant;

public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<TenantResponse>
{
    public override void Configure()
    {
        Get("");
        Group<TenantGroup>();
        Policies(Infrastructure.Auth.Policies.TenantUser);
        Description(route => route.WithName("GetTenant"));
        Summary(summary => summary.Summary = "Get the tenant's settings");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        await using var batch = db.Batch();
        var rows = batch.Rows(TenantRow.QueryInBatch, TenantRow.Read, batch.TenantId);
        var document = batch.Load<TenantSettingsDocument>(batch.TenantId);
        await batch.ExecuteAsync(cancellationToken);
        if ((await rows).SingleOrDefault() is not { } row)
        {
            await Send.ResultAsync(Problems.NotFound("tenant", db.TenantId));
            return;
        }

        var settings = await document ?? throw TenantSettingsDocument.Missing(db.TenantId);

        HttpContext.Response.Headers.ETag = ETags.For(settings.Version);
        await Send.OkAsync(row.ToResponse(settings), cancellationToken);
    }
}
