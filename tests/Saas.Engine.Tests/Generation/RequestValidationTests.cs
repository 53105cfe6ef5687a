using System.Text.Json;
using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Plans;

namespace Saas.Engine.Tests.Generation;

public class RequestValidationTests
{
    private static void AssertError(GenerationRequest request, string path, string code)
    {
        var errors = request.Validate();
        Assert.Contains(errors, e => e.Path == path && e.Code == code);
        Assert.Throws<ArgumentException>(() => PlanGenerator.Generate(request));
    }

    private static Goal Goal(string metric, GoalUnit unit, decimal? to, decimal? from = null) => new()
    {
        Metric = metric,
        Direction = GoalDirection.Increase,
        Unit = unit,
        From = from,
        To = to,
        Text = metric,
    };

    [Fact]
    public void Team_errors() =>
        AssertError(GenKit.Team((Role.Marketer, 0)), "team[0].count", "not_positive");

    [Fact]
    public void Empty_team() => AssertError(GenKit.Team(), "team", "required");

    [Fact]
    public void Duplicate_role() => AssertError(GenKit.Team((Role.Marketer, 1), (Role.Marketer, 2)), "team[1].role", "duplicate_role");

    [Fact]
    public void No_periods() => AssertError(GenKit.Seed with { Periods = [] }, "periods", "required");

    [Fact]
    public void Too_many_periods() =>
        AssertError(GenKit.Seed with { Periods = [.. Enumerable.Range(0, 25).Select(i => $"{2026 + i / 12}-{i % 12 + 1:D2}")] }, "periods", "too_many");

    [Fact]
    public void Bad_periods()
    {
        AssertError(GenKit.Seed with { Periods = ["2026-13"] }, "periods[0]", "invalid_period");
        AssertError(GenKit.Seed with { Periods = ["2026-Q4"] }, "periods[0]", "not_a_month");
        AssertError(GenKit.Seed with { Periods = ["2027-01", "2026-12"] }, "periods[1]", "not_increasing");
    }

    [Fact]
    public void Goal_nobody_can_own() =>
        AssertError(GenKit.Seed with { Goals = [Goal("renewal_rate", GoalUnit.Ratio, 0.9m)] }, "goals[0].metric", "no_owner");

    [Fact]
    public void Goal_errors()
    {
        AssertError(GenKit.Seed with { Goals = [Goal("nps", GoalUnit.Ratio, 0.9m)] }, "goals[0].metric", "unknown_metric");
        AssertError(GenKit.Seed with { Goals = [Goal("spend", GoalUnit.Money, 100m)] }, "goals[0].metric", "not_ownable");
        AssertError(GenKit.Seed with { Goals = [Goal("cr_sql_to_won", GoalUnit.Ratio, 20m)] }, "goals[0].to", "above_max");
        AssertError(GenKit.Seed with { Goals = [Goal("cr_sql_to_won", GoalUnit.Count, 0.2m)] }, "goals[0].unit", "unit_mismatch");
        AssertError(GenKit.Seed with { Goals = [Goal("cr_sql_to_won", GoalUnit.Ratio, null)] }, "goals[0].to", "required");
        AssertError(GenKit.Seed with { Goals = [Goal("cr_sql_to_won", GoalUnit.Ratio, 0.1m, from: 0.2m)] }, "goals[0].to", "against_direction");
        AssertError(GenKit.Seed with { Goals = [GenKit.CrGoal, GenKit.CrGoal] }, "goals[1].metric", "duplicate_goal");
    }

    [Fact]
    public void Economics_errors()
    {
        AssertError(GenKit.Seed with { Economics = new Economics { CrSqlToWon = 20m } }, "economics.crSqlToWon", "out_of_range");
        AssertError(GenKit.Seed with { Economics = new Economics { CurrentCpl = 0m } }, "economics.currentCpl", "not_positive");
        AssertError(GenKit.Seed with { Currency = "XXX" }, "currency", "unknown_currency");
    }

    [Fact]
    public void A_currency_without_defaults_needs_the_amounts()
    {
        var request = GenKit.Seed with { Currency = "KZT" };
        AssertError(request, "team[0].baseSalary", "required");
        AssertError(request, "economics.averageDealSize", "required");
        AssertError(request, "economics.currentCpl", "required");
    }

    [Fact]
    public void The_api_can_bind_a_request_from_json()
    {
        const string json = """
            {
              "team": [{ "role": "marketer", "count": 2 }, { "role": "sales_manager", "count": 3, "baseSalary": 100000 }],
              "goals": [{ "metric": "cr_lead_to_won", "direction": "increase", "unit": "ratio", "from": 0.15, "to": 0.2,
                          "horizonMonths": 3, "text": "CR 15→20" }],
              "economics": { "averageDealSize": 200000, "leadGeneratorScheme": "client_budget" },
              "periods": ["2026-12", "2027-01"],
              "language": "en",
              "currency": "RUB"
            }
            """;
        var request = JsonSerializer.Deserialize<GenerationRequest>(json, PlanJson.Options)!;
        Assert.Empty(request.Validate());
        Assert.Equal(LeadGeneratorScheme.ClientBudget, request.Economics.LeadGeneratorScheme);
        GenKit.AssertSound(request, PlanGenerator.Generate(request));
    }
}
