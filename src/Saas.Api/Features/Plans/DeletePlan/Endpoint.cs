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
        await using var work = await db.BeginAsync(cancellationToken);
        await Plan.LockAsync(work, id);
        var plan = await work.Documents.LoadAsync<Plan>(id, cancellationToken);
        if (PlanBodies.CannotChange(plan, id, HttpContext) is { } cannot)
        {
            await Send.ResultAsync(cannot);
            return;
        }
        // Its revisions stay, as the history of what was drafted; the application may not delete them.
        work.Documents.Delete(plan!);
        await work.CommitAsync();
        await Send.NoContentAsync(cancellationToken);
    }
}
