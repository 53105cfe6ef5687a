using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements.GetJob;

public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<JobResponse>
{
    public override void Configure()
    {
        Get("jobs/{id:guid}");
        Policies(Infrastructure.Auth.Policies.TenantManager);
        Description(route => route.WithName("GetJob").WithTags("Statements"));
        Summary(summary => summary.Summary = "Get a job's status and progress");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        var row = await db.QuerySingleOrDefaultAsync<JobRow>($"select {JobRow.Columns} from calculation_jobs where tenant_id = @TenantId and id = @id",
            new { db.TenantId, id }, cancellationToken);
        if (row is null)
        {
            await Send.ResultAsync(Problems.NotFound("job", id));
            return;
        }
        await Send.OkAsync(row.ToResponse(), cancellationToken);
    }
}
