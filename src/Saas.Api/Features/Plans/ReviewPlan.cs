using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Review;
using Saas.Engine.Text;

namespace Saas.Api.Features.Plans;

/// <summary>After a period: compares each assignment's results with its targets and proposes changes by rule
/// (a conversion that does not grow weighs more, a KPI paid at cap twice gets a harder target, …), each with the
/// overrides that apply it. With <c>createDraft</c>, the proposals are also applied to a new draft (the next plan when
/// the period was the plan's last). Results are per person, as the plan's targets are.</summary>
public static class ReviewPlan
{
    public sealed record Request(IReadOnlyList<SubjectResults>? Subjects, bool CreateDraft = false);

    /// <summary>The assignment is named by exactly one of its role, team or employee.</summary>
    public sealed record SubjectResults(
        string? Role,
        Guid? TeamId,
        Guid? EmployeeId,
        string? Label,
        decimal? BaseSalary,
        Dictionary<string, decimal>? Metrics,
        Dictionary<string, decimal>? PreviousMetrics,
        Dictionary<string, decimal>? BeforePreviousMetrics,
        Dictionary<string, Dictionary<string, decimal>>? GroupMetrics,
        Dictionary<string, Dictionary<string, decimal>>? PreviousGroupMetrics);

    public sealed record Response(PlanReview Review, PlanResponse? Draft);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.Subjects).NotEmpty();
            RuleForEach(r => r.Subjects).NotNull().WithMessage("An item cannot be null.");
            RuleForEach(r => r.Subjects).ChildRules(subject =>
            {
                subject.RuleFor(s => s).Must(s => new[] { s.Metrics, s.PreviousMetrics, s.BeforePreviousMetrics }.Where(m => m is not null)
                        .SelectMany(m => m!.Values).Concat(new[] { s.GroupMetrics, s.PreviousGroupMetrics }.Where(g => g is not null)
                            .SelectMany(g => g!.Values).Where(v => v is not null).SelectMany(v => v.Values))
                        .All(v => Math.Abs(v) < PlanShape.MaxNumber))
                    .OverridePropertyName("metrics").WithMessage("Metric values stay below 10^15.");
                subject.RuleFor(s => s).Must(s => (s.GroupMetrics?.Values.All(v => v is not null) ?? true) && (s.PreviousGroupMetrics?.Values.All(v => v is not null) ?? true))
                    .OverridePropertyName("groupMetrics").WithMessage("Each group holds metric values, not null.");
                subject.RuleFor(s => s).Must(s => (s.EmployeeId is null ? 0 : 1) + (s.Role is null ? 0 : 1) + (s.TeamId is null ? 0 : 1) == 1)
                    .OverridePropertyName("role").WithMessage("Name the assignment by exactly one of role, teamId or employeeId.");
                subject.RuleFor(s => s.Role).Must(role => Roles.TryParse(role, out _)).When(s => s.Role is not null).WithMessage("'role' is not a known role.");
                subject.RuleFor(s => s.Metrics).NotNull();
                subject.RuleFor(s => s.BaseSalary).GreaterThanOrEqualTo(0m);
                subject.RuleFor(s => s.Label).MaximumLength(200);
                foreach (var (name, select) in new (string, Func<SubjectResults, Dictionary<string, decimal>?>)[]
                    { ("metrics", s => s.Metrics), ("previousMetrics", s => s.PreviousMetrics), ("beforePreviousMetrics", s => s.BeforePreviousMetrics) })
                    subject.RuleFor(s => select(s)).Must(values => values is null || values.Keys.All(key => MetricCatalogue.TryGet(key, out _)))
                        .OverridePropertyName(name).WithMessage("Every metric must be a key of the metric catalogue (GET /api/v1/metrics).");
            });
        }
    }

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(
        Guid id, string period, Request request, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var plan = await work.QuerySingleOrDefaultAsync<PlanRow>(
            $"select {PlanRow.Columns} from plans where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        if (plan is null)
            return Problems.NotFound("plan", id);
        var document = plan.ReadDocument();
        if (!Period.TryParse(period, out var parsed) || !document.Periods.Select(Period.Parse).Contains(parsed))
            return Problems.Validation("period", $"'period' must be one of the plan's periods: {string.Join(", ", document.Periods)}.", "InPlan");
        var locale = await work.QuerySingleAsync<string>("select locale from tenants where id = @TenantId", new { work.TenantId });

        var subjects = new List<ReviewSubject>();
        for (var i = 0; i < request.Subjects!.Count; i++)
        {
            var results = request.Subjects[i];
            var index = IndexOf(document, results);
            if (index < 0)
                return Problems.Validation($"subjects[{i}]", "No assignment of the plan is for this role, team or employee.", "AssignmentExists");
            if (subjects.Any(s => s.AssignmentIndex == index))
                return Problems.Validation($"subjects[{i}]", "Each assignment is reviewed once; give one subject per role, team or employee.", "Unique");
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
            Period = parsed.ToString(),
            Language = Languages.FromLocale(locale),
            Locale = locale,
            Subjects = subjects,
        });

        PlanResponse? draft = null;
        if (request.CreateDraft)
        {
            var applied = PlanReviewApplier.Apply(document, review);
            if (PlanBodies.Check(applied) is { } invalid)
                return invalid;
            var row = await StoredPlans.InsertDraftAsync(work, applied, plan.Source, plan.Generation, http);
            draft = row.ToResponse();
        }
        await work.CommitAsync();
        return TypedResults.Ok(new Response(review, draft));
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
