using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Engine.Review;

namespace Saas.Api.Features.Plans.ReviewPlan;

/// <summary>After a period: compares each assignment's results with its targets and proposes changes by rule
/// (a conversion that does not grow weighs more, a KPI paid at cap twice gets a harder target, …), each with the
/// overrides that apply it. With <c>createDraft</c>, the proposals are also applied to a new draft (the next plan when
/// the period was the plan's last). Results are per person, as the plan's targets are.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("{id:guid}/review");
        Group<PlansGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("ReviewPlan"));
        Summary(summary => summary.Summary = "Review a plan after a period and propose changes by rule");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var (found, review, problem) = await PlanReviews.RunAsync(work, request.Id, request.Period!, request.Subjects!, "", cancellationToken);
        if (problem is not null)
        {
            await Send.ResultAsync(problem);
            return;
        }
        var (plan, document, _, _) = found!;

        Plan? draft = null;
        if (request.CreateDraft)
        {
            var applied = PlanReviewApplier.Apply(document, review!);
            if (await PlanBodies.CheckAsync(work, applied) is { } invalid)
            {
                await Send.ResultAsync(invalid);
                return;
            }
            draft = StoredPlans.InsertDraft(work, applied, plan.Source, plan.Generation, User);
        }
        await work.CommitAsync();
        await Send.OkAsync(new Response(review!, draft?.ToResponse()), cancellationToken);
    }
}
