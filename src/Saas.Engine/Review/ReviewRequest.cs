using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Review;

/// <summary>What a review after <see cref="Period"/> needs: the plan in force, and the measured results of the
/// assignments to review. The reviewer computes the payouts itself, so that "paid at cap" and "below threshold" are
/// read from the same lines a statement shows.</summary>
public sealed record ReviewRequest
{
    public required PlanDocument Plan { get; init; }

    /// <summary>The period just closed; one of the plan's periods.</summary>
    public required string Period { get; init; }

    /// <summary>The language of findings and proposals.</summary>
    public required Language Language { get; init; }

    /// <summary>The tenant's locale, passed to <see cref="Payouts.PayoutCalculator"/>.</summary>
    public string Locale { get; init; } = "ru";

    /// <summary>At most one subject per assignment.</summary>
    public required IReadOnlyList<ReviewSubject> Subjects { get; init; }
}

/// <summary>One assignment's measured results around the reviewed period. For a role or team assignment the values
/// are per person (the average of its people), because the plan's targets are per person: a review proposes one
/// change per component, not one per employee.</summary>
public sealed record ReviewSubject
{
    public required int AssignmentIndex { get; init; }

    /// <summary>An employee's name or a role's name for the messages; the assignment's role is used when absent.</summary>
    public string? Label { get; init; }

    /// <summary>The reviewed period's values.</summary>
    public required MetricValues Current { get; init; }

    /// <summary>The period before (calendar); empty when nothing was measured, and then no "twice in a row" rule fires.</summary>
    public MetricValues Previous { get; init; } = MetricValues.Empty;

    /// <summary>Two periods back: only growth components of the previous period's payout read it.</summary>
    public MetricValues? BeforePrevious { get; init; }

    /// <summary>Shared values of the reviewed period, keyed by a team component's <c>group</c>.</summary>
    public IReadOnlyDictionary<string, MetricValues> GroupCurrent { get; init; } = new Dictionary<string, MetricValues>();

    /// <summary>Shared values of the previous period, keyed by group.</summary>
    public IReadOnlyDictionary<string, MetricValues> GroupPrevious { get; init; } = new Dictionary<string, MetricValues>();

    /// <summary>The base salary the payouts use; the assignment's reference salary when absent.</summary>
    public decimal? BaseSalary { get; init; }
}
