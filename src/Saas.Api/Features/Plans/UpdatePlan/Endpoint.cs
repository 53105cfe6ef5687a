using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans.UpdatePlan;

/// <summary><c>PUT</c> a whole plan document over a draft. Active and retired plans are frozen: statements were
/// computed from them.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<PlanDocument, PlanResponse>
{
    public override void Configure()
    {
        Put("{id:guid}");
        Group<PlansGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        RequestBinder(PlanBodyBinder.Instance);
        Description(route => route.WithName("UpdatePlan")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Replace the document of a draft plan");
    }

    public override async Task HandleAsync(PlanDocument document, CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        if (await PlanBodies.CheckAsync(work, document) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        await Plan.LockAsync(work, id);
        var plan = await work.Documents.LoadAsync<Plan>(id, cancellationToken);
        if (PlanBodies.CannotChange(plan, id, HttpContext) is { } cannot)
        {
            await Send.ResultAsync(cannot);
            return;
        }
        plan!.WriteDocument(document);
        plan.UpdatedAt = DateTimeOffset.UtcNow;
        // The lock makes the revision read the one stored.
        work.Documents.UpdateRevision(plan, plan.Version + 1);
        PlanBodies.RecordRevision(work, plan, plan.Version + 1, User);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(plan.Version);
        await Send.OkAsync(plan.ToResponse(), cancellationToken);
    }
}
