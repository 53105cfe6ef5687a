using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using Saas.Engine.Text;

namespace Saas.Api.Features.Plans.ReviewPlan;

/// <summary>A plan reviewed after one of its periods from the results a caller gives: what <c>POST /plans/{id}/review</c>
/// answers, and what a conversation about a plan starts from.</summary>
public static class PlanReviews
{
    /// <summary>The review, or the problem to answer (404, a period the plan does not cover, a subject it has no assignment
    /// for); <paramref name="path"/> is where the subjects are in the caller's body (<c>review.</c>), for an error's field.</summary>
    public static async Task<(PlanInPeriod? Found, PlanReview? Review, ProblemHttpResult? Problem)> RunAsync(UnitOfWork work, Guid planId, string period,
        IReadOnlyList<SubjectResults> results, string path, CancellationToken cancellationToken)
    {
        var (found, problem) = await PlanInPeriod.LoadAsync(work, planId, period, cancellationToken, path + "period");
        if (problem is not null)
            return (null, null, problem);
        var document = found!.Document;
        var subjects = new List<ReviewSubject>();
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            var index = IndexOf(document, result);
            if (index < 0)
                return (null, null, Problems.Validation($"{path}subjects[{i}]", "No assignment of the plan is for this role, team or employee.", "AssignmentExists"));
            if (subjects.Any(s => s.AssignmentIndex == index))
                return (null, null, Problems.Validation($"{path}subjects[{i}]", "Each assignment is reviewed once; give one subject per role, team or employee.", "Unique"));
            subjects.Add(new ReviewSubject
            {
                AssignmentIndex = index,
                Label = result.Label,
                BaseSalary = result.BaseSalary,
                Current = MetricInputs.Values(result.Metrics),
                Previous = MetricInputs.Values(result.PreviousMetrics),
                BeforePrevious = result.BeforePreviousMetrics is null ? null : MetricInputs.Values(result.BeforePreviousMetrics),
                GroupCurrent = MetricInputs.Groups(result.GroupMetrics),
                GroupPrevious = MetricInputs.Groups(result.PreviousGroupMetrics),
            });
        }
        var review = PlanReviewer.Review(new ReviewRequest
        {
            Plan = document,
            Period = found.Period.ToString(),
            Language = Languages.FromLocale(found.Locale),
            Locale = found.Locale,
            Subjects = subjects,
        });
        return (found, review, null);
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
