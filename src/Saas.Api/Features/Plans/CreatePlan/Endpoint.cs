using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans.CreatePlan;

/// <summary>A draft from a hand-written plan document, for companies that already know their scheme.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<PlanDocument, PlanResponse>
{
    public override void Configure()
    {
        Post("");
        Group<PlansGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        RequestBinder(PlanBodyBinder.Instance);
        Description(route => route.WithName("CreatePlan").Produces<PlanResponse>(StatusCodes.Status201Created));
        Summary(summary => summary.Summary = "Create a draft plan from a hand-written plan document");
    }

    public override async Task HandleAsync(PlanDocument document, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        if (await PlanBodies.CheckAsync(work, document) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        var plan = StoredPlans.InsertDraft(work, document, "manual", generation: null, User);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(plan.Version);
        await Send.ResultAsync(TypedResults.Created($"/api/v1/plans/{plan.Id}", plan.ToResponse()));
    }
}
