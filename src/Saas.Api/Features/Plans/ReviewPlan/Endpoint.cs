using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using Saas.Engine.Text;

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
        var (found, problem) = await PlanInPeriod.LoadAsync(work, request.Id, request.Period!, cancellationToken);
        if (problem is not null)
        {
            await Send.ResultAsync(problem);
            return;
        }
        var (plan, document, period, locale) = found!;

        var subjects = new List<ReviewSubject>();
        for (var i = 0; i < request.Subjects!.Count; i++)
        {
            var results = request.Subjects[i];
            var index = IndexOf(document, results);
            if (index < 0)
            {
                await Send.ResultAsync(Problems.Validation($"subjects[{i}]", "No assignment of the plan is for this role, team or employee.", "AssignmentExists"));
                return;
            }
            if (subjects.Any(s => s.AssignmentIndex == index))
            {
                await Send.ResultAsync(Problems.Validation($"subjects[{i}]", "Each assignment is reviewed once; give one subject per role, team or employee.", "Unique"));
                return;
            }
            subjects.Add(new ReviewSubject
            {
                AssignmentIndex = index,
                Label = results.Label,
                BaseSalary = results.BaseSalary,
                Current = MetricInputs.Values(results.Metrics),
                Previous = MetricInputs.Values(results.PreviousMetrics),
                BeforePrevious = results.BeforePreviousMetrics is null ? null : MetricInputs.Values(results.BeforePreviousMetrics),
                GroupCurrent = MetricInputs.Groups(results.GroupMetrics),
                GroupPrevious = MetricInputs.Groups(results.PreviousGroupMetrics),
            });
        }

        var review = PlanReviewer.Review(new ReviewRequest
        {
            Plan = document,
            Period = period.ToString(),
            Language = Languages.FromLocale(locale),
            Locale = locale,
            Subjects = subjects,
        });

        Plan? draft = null;
        if (request.CreateDraft)
        {
            var applied = PlanReviewApplier.Apply(document, review);
            if (PlanBodies.Check(applied) is { } invalid)
            {
                await Send.ResultAsync(invalid);
                return;
            }
            draft = StoredPlans.InsertDraft(work, applied, plan.Source, plan.Generation, User);
        }
        await work.CommitAsync();
        await Send.OkAsync(new Response(review, draft?.ToResponse()), cancellationToken);
    }

    private static int IndexOf(PlanDocument document, SubjectResults subject)
    {
        for (var i = 0; i < document.Assignments.Count; i++)
        {
            var a = document.Assignments[i];
            if ((subject.Role is not null && a.Role?.WireName() == subject.Role)
                || (subject.TeamId is not null && a.TeamId == subject.TeamId)
                || (subject.EmployeeId is not null && a.EmployeeId == subject.EmployeeId))
                return i;
        }
        return -1;
    }
}
