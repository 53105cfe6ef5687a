using Saas.Engine.Plans;
using Saas.Engine.Progress;

namespace Saas.Engine.Tests.Progress;

public class MilestonesTests
{
    private static readonly ComponentProgress Deals = new()
    {
        Id = "deals",
        Kind = ComponentKind.Attainment,
        Metric = "deals_won",
        Actual = 3,
        Target = 8,
        Amount = 0,
        ProjectedActual = 6,
        OnPace = false,
        Reached = 1,
    };

    [Fact]
    public void A_paying_step_is_a_milestone_at_any_time_and_behind_pace_only_once_a_quarter_of_the_period_has_passed()
    {
        Assert.Equal([(MilestoneKind.StepReached, 1)], Milestones.Of("Анна", [Deals], 0.2m, "ru", "RUB").Select(m => (m.Kind, m.Level)));

        var settled = Milestones.Of("Anna", [Deals], 0.25m, "en", "RUB");
        Assert.Equal([(MilestoneKind.StepReached, 1), (MilestoneKind.BehindPace, 0)], settled.Select(m => (m.Kind, m.Level)));
        Assert.Equal("Anna: 'Deals won' — paying step 1 reached (3)", settled[0].Text);
        Assert.Equal("Anna: 'Deals won' — behind pace: 6 by the period's end against a target of 8", settled[1].Text);
    }

    [Fact]
    public void Once_the_period_is_over_nobody_is_behind_its_pace_and_nothing_reached_is_no_milestone()
    {
        Assert.Equal([MilestoneKind.StepReached], Milestones.Of("Anna", [Deals], 1m, "en", "RUB").Select(m => m.Kind));
        Assert.Empty(Milestones.Of("Anna", [Deals with { Reached = 0, OnPace = true }], 0.5m, "en", "RUB"));
    }

    [Fact]
    public void A_gate_at_risk_is_behind_pace_in_the_gates_own_words()
    {
        var gate = new ComponentProgress
        {
            Id = "sla",
            Kind = ComponentKind.Gate,
            Metric = "first_response_compliance",
            Amount = -1000,
            Gate = new GateStatus(false, null, true, 1000, "First-response SLA compliance — no data yet, the gate needs ≥ 90% — not met"),
        };

        var milestone = Assert.Single(Milestones.Of("Boris", [gate], 0.5m, "en", "RUB"));
        Assert.Equal((MilestoneKind.BehindPace, 0, "Boris: First-response SLA compliance — no data yet, the gate needs ≥ 90% — not met"),
            (milestone.Kind, milestone.Level, milestone.Text));
    }
}
