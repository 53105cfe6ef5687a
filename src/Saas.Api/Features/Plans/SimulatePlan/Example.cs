using Saas.Engine.Payouts;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans.SimulatePlan;

/// <summary>The simulation request OpenAPI shows: December of a commission plan for a sales manager, with what a statement
/// adds: deal attributes for the plan's deal rules, a refund and a churn of November deals, an adjustment and the draw balance.</summary>
public static class Example
{
    public static Request Request { get; } = new()
    {
        Period = "2026-12",
        Actuals =
        [
            new SubjectActuals(null, "sales_manager", null, null,
                Metrics: new Dictionary<string, decimal> { ["first_response_compliance"] = 0.95m },
                PreviousMetrics: null, GroupMetrics: null, SpifMetrics: null,
                Deals:
                [
                    new DealActual("D-201", DealRole.Closed, 600_000m, null, null, null, new DateOnly(2026, 12, 3),
                        new Dictionary<string, AttributeValue> { [DealAttributes.ContractMonths] = AttributeValue.Of(24m) }),
                    new DealActual("D-202", DealRole.Closed, 300_000m, null, null, 0.5m, new DateOnly(2026, 12, 8),
                        new Dictionary<string, AttributeValue> { [DealAttributes.DealType] = AttributeValue.Of("renewal") }),
                ],
                DrawBalance: 5_000m,
                Clawbacks:
                [
                    new ClawbackActual("D-150", "refund", "2026-11", 6_000m, 0.5m, null, null),
                    new ClawbackActual("D-151", "churn", "2026-11", 4_000m, null, new DateOnly(2026, 11, 12), new DateOnly(2026, 12, 10)),
                ],
                Adjustments: [new AdjustmentActual(2_000m, "Наставничество нового менеджера")]),
        ],
    };
}
