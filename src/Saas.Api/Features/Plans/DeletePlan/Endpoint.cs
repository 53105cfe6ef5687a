using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Plans.DeletePlan;

/// <summary>Only a draft can be deleted; an active plan is retired by activating its successor.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Delete("{id:guid}");
        Group<PlansGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("DeletePlan")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Delete a draft plan");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        var expectedVersion = IfMatchVersion.Expected(HttpContext);

        await using var work = await db.BeginAsync(cancellationToken);
        var deleted = await work.ExecuteAsync("""
            delete from plans
            where tenant_id = @TenantId and id = @id and status = 'draft' and (@expectedVersion::int is null or version = @expectedVersion)
            """, new { work.TenantId, id, expectedVersion });
        if (deleted == 0)
        {
            await Send.ResultAsync(await PlanBodies.MissingOrChangedAsync(work, id, expectedVersion));
            return;
        }
        await work.CommitAsync();
        await Send.NoContentAsync(cancellationToken);
    }
}
