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
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<TenantRow>(TenantRow.Query, new { work.TenantId });
        if (row is null)
        {
            await Send.ResultAsync(Problems.NotFound("tenant", work.TenantId));
            return;
        }

        var settings = await TenantSettingsDocument.LoadAsync(work);

        HttpContext.Response.Headers.ETag = ETags.For(settings.Version);
        await Send.OkAsync(row.ToResponse(settings), cancellationToken);
    }
}
