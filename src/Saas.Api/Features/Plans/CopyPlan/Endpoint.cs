using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Plans.CopyPlan;

/// <summary>A new draft with the same document: how an active plan gets its next version.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<PlanResponse>
{
    public override void Configure()
    {
        Post("{id:guid}/copy");
        Group<PlansGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("CopyPlan").Produces<PlanResponse>(StatusCodes.Status201Created));
        Summary(summary => summary.Summary = "Copy a plan into a new draft (the next version of an active plan)");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        var source = await work.Documents.LoadAsync<Plan>(id, cancellationToken);
        if (source is null)
        {
            await Send.ResultAsync(Problems.NotFound("plan", id));
            return;
        }
        var plan = StoredPlans.InsertDraft(work, source.ReadDocument(), source.Source, source.Generation, User);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(plan.Version);
        await Send.ResultAsync(TypedResults.Created($"/api/v1/plans/{plan.Id}", plan.ToResponse()));
    }
}
