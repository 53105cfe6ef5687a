using Saas.Engine.Conversation;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Tests.Conversation;

public class ProposalDiffTests
{
    private static readonly Guid Team = Guid.Parse("01a24600-0000-7000-8000-0000000000aa");

    private static PlanDocument Plan(decimal weight, params string[] periods) => new()
    {
        Name = "Team plan",
        Currency = "RUB",
        Periods = periods,
        Assignments =
        [
            new Assignment
            {
                TeamId = Team,
                TargetVariablePay = new TargetVariablePay { Amount = 30_000m },
                Components =
                [
                    new AttainmentComponent { Id = "revenue", Metric = "revenue", Target = 3_000_000m, Weight = weight },
                    new AttainmentComponent { Id = "sql_to_won", Metric = "cr_sql_to_won", Target = 0.2m, Weight = 1m - weight },
                ],
            },
        ],
    };

    [Fact]
    public void A_team_assignment_is_compared_like_a_role_and_named_as_a_team()
    {
        var changes = ProposalDiff.Between(Plan(0.6m, "2027-01"), Plan(0.5m, "2027-01"), Language.En);

        Assert.Equal([("revenue", 0.6m, 0.5m), ("sql_to_won", 0.4m, 0.5m)], changes.Select(c => (c.Component!, c.Before!.Value, c.After!.Value)));
        Assert.All(changes, c => Assert.Equal((null, Team, "weight"), (c.Role, c.TeamId, c.Field)));
        Assert.StartsWith($"team {Team} · Revenue: weight 60% → 50%", changes[0].Text);
    }

    [Fact]
    public void Months_only_one_plan_has_are_one_change_of_the_plans_months()
    {
        var changes = ProposalDiff.Between(Plan(0.6m, "2027-01"), Plan(0.6m, "2027-01", "2027-02"), Language.Ru);

        var months = Assert.Single(changes);
        Assert.Equal(("periods", 1m, 2m), (months.Field!, months.Before!.Value, months.After!.Value));
        Assert.Equal("месяцы плана: 2027-01 → 2027-01 — 2027-02", months.Text);
    }
}
