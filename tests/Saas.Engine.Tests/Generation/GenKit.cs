using System.Text.Json;
using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Tests.Generation;

/// <summary>Requests the generator tests share, and the checks every generated plan must pass.</summary>
internal static class GenKit
{
    public static readonly string[] SeedPeriods = ["2026-12", "2027-01", "2027-02"];

    public static Goal CrGoal => new()
    {
        Metric = "cr_lead_to_won",
        Direction = GoalDirection.Increase,
        Unit = GoalUnit.Ratio,
        From = 0.15m,
        To = 0.20m,
        HorizonMonths = 3,
        Text = "увеличить CR с 15% до 20% за 3 месяца",
    };

    /// <summary>Seed 000: two marketers, one SMM specialist, three sales managers; CR from 15 % to 20 % in 3 months.</summary>
    public static GenerationRequest Seed => new()
    {
        Team =
        [
            new TeamRole { Role = Role.Marketer, Count = 2 },
            new TeamRole { Role = Role.Smm, Count = 1 },
            new TeamRole { Role = Role.SalesManager, Count = 3 },
        ],
        Goals = [CrGoal],
        Periods = SeedPeriods,
        Language = Language.Ru,
        Currency = "RUB",
    };

    public static GenerationRequest Team(params (Role Role, int Count)[] team) => new()
    {
        Team = team.Select(t => new TeamRole { Role = t.Role, Count = t.Count }).ToList(),
        Periods = SeedPeriods,
        Currency = "RUB",
    };

    public static string Json(GeneratedPlan plan) => JsonSerializer.Serialize(plan, PlanJson.Options);

    /// <summary>The invariants of every plan: valid document, one assignment per role, weights adding up to exactly 1
    /// in every period, cost that does not fall as attainment rises.</summary>
    public static void AssertSound(GenerationRequest request, GeneratedPlan plan)
    {
        var errors = PlanValidator.Validate(plan.Document);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Message}")));
        Assert.Equal(request.Team.Select(t => t.Role).Order(), plan.Document.Assignments.Select(a => a.Role!.Value));
        foreach (var assignment in plan.Document.Assignments)
        {
            foreach (var period in plan.Document.Periods)
            {
                var weights = SeasonalOverrides.ForPeriod(assignment, period).Components.OfType<IAttainmentTerms>().Select(c => c.Weight).ToList();
                if (weights.Count > 0)
                    Assert.Equal(1m, weights.Sum());
            }
        }
        foreach (var month in plan.Cost.Months)
        {
            var pay = month.Scenarios.Select(s => s.VariablePay).ToList();
            Assert.True(pay[0] <= pay[1] && pay[1] <= pay[2], $"{month.Period}: {string.Join(" / ", pay)}");
        }
    }
}
