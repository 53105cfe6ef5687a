using Saas.Engine.Common;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using Saas.Engine.Review.Rules;

namespace Saas.Engine.Review;

/// <summary>After a period, compares actuals with targets and proposes plan changes by rule. Deterministic: the same
/// request gives the same review, in the order of the assignments and, within one, of the rules below.
/// <para>Rules, in the order they claim components (a claimed component is left alone by later rules, so nothing is
/// proposed twice for one component): <c>paid_at_cap_twice</c> (target up), <c>below_threshold_twice</c> (target down),
/// <c>total_capped_twice</c> (targets beaten get harder), <c>conversion_not_growing</c> (weight up, taken from the
/// unclaimed weighted components; plus the follow-up bonus for sales), then the findings-only
/// <c>gate_failed</c> and <c>no_data</c>. A target change thus always wins over a weight change.</para>
/// <para>Payouts for both periods are computed here with <see cref="PayoutCalculator"/>: the previous period with the
/// plan's terms for it when it is a plan period, else with the reviewed period's terms.</para></summary>
public static class PlanReviewer
{
    /// <summary>A proposal that would make the plan invalid is never returned; it becomes a finding with this code (a
    /// safety net: the rules are built not to need it).</summary>
    public const string DroppedCode = "proposal_dropped";

    /// <exception cref="ArgumentException">The plan is invalid, the period is not one of its periods, a subject names an
    /// assignment the plan does not have or one named twice, or a base salary is negative.</exception>
    public static PlanReview Review(ReviewRequest request)
    {
        Guard(request);
        var plan = request.Plan;
        var period = Period.Parse(request.Period);
        var later = plan.Periods.Select(Period.Parse).Where(p => p.CompareTo(period) > 0).Order().ToList();
        var scope = later.Count > 0 ? ProposalScope.NextPeriod : ProposalScope.NextPlan;
        var nextPeriod = (later.Count > 0 ? later[0] : period.Next).ToString();
        var previous = period.Previous;
        var previousInPlan = plan.Periods.Contains(previous.ToString());
        var words = new ReviewWords(request.Language, plan.Currency);

        var findings = new List<Finding>();
        var proposals = new List<Proposal>();
        foreach (var subject in request.Subjects.OrderBy(s => s.AssignmentIndex))
        {
            var assignment = plan.Assignments[subject.AssignmentIndex];
            var currentTerms = SeasonalOverrides.ForPeriod(assignment, request.Period).Components;
            var previousAssignment = previousInPlan ? assignment : assignment with { Components = currentTerms, Overrides = [] };
            var review = new SubjectReview
            {
                Request = request,
                Subject = subject,
                Assignment = assignment,
                Assignee = ReviewWords.AssigneeOf(assignment, subject.Label),
                Current = PayoutCalculator.Calculate(new PayoutInput
                {
                    Assignment = assignment,
                    Period = period,
                    Currency = plan.Currency,
                    Locale = request.Locale,
                    BaseSalary = subject.BaseSalary,
                    Actuals = subject.Current,
                    PreviousActuals = subject.Previous,
                    GroupActuals = subject.GroupCurrent,
                }),
                Previous = PayoutCalculator.Calculate(new PayoutInput
                {
                    Assignment = previousAssignment,
                    Period = previous,
                    Currency = plan.Currency,
                    Locale = request.Locale,
                    BaseSalary = subject.BaseSalary,
                    Actuals = subject.Previous,
                    PreviousActuals = subject.BeforePrevious ?? Metrics.MetricValues.Empty,
                    GroupActuals = subject.GroupPrevious,
                }),
                CurrentTerms = currentTerms,
                PreviousTerms = SeasonalOverrides.ForPeriod(previousAssignment, previous.ToString()).Components,
                NextTerms = scope == ProposalScope.NextPeriod ? SeasonalOverrides.ForPeriod(assignment, nextPeriod).Components : currentTerms,
                PreviousPeriod = previous.ToString(),
                NextPeriod = nextPeriod,
                Scope = scope,
                W = words,
            };

            PaidAtCapTwice.Apply(review);
            BelowThresholdTwice.Apply(review);
            TotalCappedTwice.Apply(review);
            ConversionNotGrowing.Apply(review);
            GateFailed.Apply(review);
            NoData.Apply(review);

            findings.AddRange(review.Findings);
            proposals.AddRange(review.Proposals);
        }

        var result = new PlanReview
        {
            Period = request.Period,
            NextPeriod = nextPeriod,
            AppliesTo = scope,
            Findings = findings,
            Proposals = proposals,
        };
        return KeepValid(plan, result, words);
    }

    private static PlanReview KeepValid(PlanDocument plan, PlanReview review, ReviewWords w)
    {
        static HashSet<(string, string)> Errors(PlanDocument document) =>
            PlanValidator.Validate(document).Select(e => (e.Path, e.Code)).ToHashSet();

        var baseline = Errors(PlanReviewApplier.Apply(plan, review, []));
        var kept = new List<Proposal>();
        var findings = review.Findings.ToList();
        foreach (var proposal in review.Proposals)
        {
            var added = Errors(PlanReviewApplier.Apply(plan, review, [proposal])).Except(baseline).ToList();
            if (added.Count == 0)
            {
                kept.Add(proposal);
                continue;
            }
            findings.Add(new Finding
            {
                Code = DroppedCode,
                AssignmentIndex = proposal.AssignmentIndex,
                Assignee = proposal.Assignee,
                ComponentId = proposal.ComponentId,
                Message = w.Say($"Предложение {proposal.Code} не показано: план стал бы некорректным ({string.Join(", ", added.Select(e => e.Item1 + ": " + e.Item2))}).",
                    $"Proposal {proposal.Code} withheld: it would make the plan invalid ({string.Join(", ", added.Select(e => e.Item1 + ": " + e.Item2))})."),
            });
        }
        return review with { Findings = findings, Proposals = kept };
    }

    private static void Guard(ReviewRequest request)
    {
        var errors = PlanValidator.Validate(request.Plan);
        if (errors.Count > 0)
            throw new ArgumentException("The plan is not valid: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")), nameof(request));
        if (!request.Plan.Periods.Contains(request.Period))
            throw new ArgumentException($"'{request.Period}' is not one of the plan's periods ({string.Join(", ", request.Plan.Periods)}).", nameof(request));
        var seen = new HashSet<int>();
        foreach (var subject in request.Subjects)
        {
            if (subject.AssignmentIndex < 0 || subject.AssignmentIndex >= request.Plan.Assignments.Count)
                throw new ArgumentException($"The plan has no assignment {subject.AssignmentIndex}.", nameof(request));
            if (!seen.Add(subject.AssignmentIndex))
                throw new ArgumentException($"Assignment {subject.AssignmentIndex} is reviewed twice; give one subject per assignment (per-person values for a role).", nameof(request));
            if (subject.BaseSalary < 0)
                throw new ArgumentException("A base salary cannot be negative.", nameof(request));
        }
    }
}
