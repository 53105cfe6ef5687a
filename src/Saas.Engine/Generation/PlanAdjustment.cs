using Saas.Engine.Common;

namespace Saas.Engine.Generation;

public enum AdjustmentKind
{
    /// <summary>Sets a weighted KPI's weight to <see cref="PlanAdjustment.Value"/>; the role's other weighted KPIs give or
    /// take the difference in proportion to their weights.</summary>
    Weight,

    /// <summary>Adds a KPI paid by attainment on <see cref="PlanAdjustment.Metric"/>, with
    /// <see cref="GenerationPolicy.AddedKpiWeight"/> taken from the other weighted KPIs.</summary>
    AddKpi,

    /// <summary>Removes the component(s) on <see cref="PlanAdjustment.Metric"/>; a weighted one leaves its weight to the others.</summary>
    RemoveKpi,

    /// <summary>Sets the lowest attainment that pays (0.8 = 80 %).</summary>
    Threshold,

    /// <summary>Sets the highest attainment counted (1.5 = 150 %).</summary>
    Cap,

    /// <summary>Pays each point of attainment above 100 % at <see cref="PlanAdjustment.Value"/> times (1.5 = one and a half).</summary>
    Accelerator,

    /// <summary>Adds <see cref="PlanAdjustment.Value"/> to a KPI's weight in the plan's months whose calendar month is in
    /// <see cref="PlanAdjustment.Months"/> (a sales season), taken from the other weighted KPIs of those months.</summary>
    Seasonal,
}

/// <summary>A change the company asked for, made to the generated plan of one role. The generator applies adjustments
/// in order after it designed the role's KPIs, so targets, cost and rationale always match the terms.</summary>
public sealed record PlanAdjustment
{
    public required AdjustmentKind Kind { get; init; }

    public required Role Role { get; init; }

    /// <summary>A metric key of the catalogue, or a component id (<c>sla_gate</c>, <c>mql_to_sql_shared</c>).</summary>
    public required string Metric { get; init; }

    /// <summary>A weight (0.5), an attainment (0.8, 1.5), an accelerator's rate (1.5) or a seasonal weight added (0.1),
    /// by <see cref="Kind"/>; unused for adding and removing.</summary>
    public decimal? Value { get; init; }

    /// <summary>Calendar months 1–12 of a seasonal change.</summary>
    public IReadOnlyList<int> Months { get; init; } = [];
}
