using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Plans.GetPlan;

public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<PlanResponse>
{
    public override void Configure()
    {
        Get("{id:guid}");
        Group<PlansGroup>();
        Description(route => route.WithName("GetPlan"));
        Summary(summary => summary.Summary = "Get a plan");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        var plan = await db.LoadAsync<Plan>(id, cancellationToken);
        if (plan is null)
        {
            await Send.ResultAsync(Problems.NotFound("plan", id));
            return;
        }

        HttpContext.Response.Headers.ETag = ETags.For(plan.Version);
        await Send.OkAsync(plan.ToResponse(), cancellationToken);
    }
}
