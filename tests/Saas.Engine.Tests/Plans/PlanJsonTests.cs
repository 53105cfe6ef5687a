using System.Text.Json;
using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Engine.Tests.Plans;

public class PlanJsonTests
{
    /// <summary>A plan with every component kind, as a frontend would send it.</summary>
    public const string Example = """
        {
          "name": "Продажи и маркетинг, IV квартал 2026",
          "currency": "RUB",
          "periods": ["2026-10", "2026-11", "2026-12"],
          "assignments": [
            {
              "role": "sales_manager",
              "baseSalary": 100000,
              "targetVariablePay": { "ofBase": 0.3 },
              "maxVariablePay": { "ofTarget": 2 },
              "components": [
                { "kind": "attainment", "id": "sql_to_won", "label": "Конверсия SQL→сделка", "metric": "cr_sql_to_won",
                  "target": 0.2, "weight": 0.6, "threshold": 0.8, "cap": 1.5,
                  "curve": { "mode": "marginal", "tiers": [ { "from": 0, "rate": 1 }, { "from": 1, "rate": 1.5 } ] } },
                { "kind": "team", "id": "funnel", "group": "mql_sql_pod", "metric": "cr_mql_to_sql", "target": 0.25, "weight": 0.4,
                  "curve": { "mode": "interpolated", "points": [ { "attainment": 0.8, "payout": 0.5 }, { "attainment": 1, "payout": 1 }, { "attainment": 1.5, "payout": 2 } ] } },
                { "kind": "step", "id": "sql_slide", "metric": "sql", "target": 100, "every": 10, "rate": 0.05, "maxSteps": 6 },
                { "kind": "share", "id": "revenue_share", "measure": "revenue", "credit": "closed",
                  "tiers": [ { "from": 0, "rate": 0.03 }, { "from": 1, "rate": 0.05 } ], "tierMode": "marginal", "tierBasis": "cumulative",
                  "target": 3000000, "maxPayout": { "amount": 150000 } },
                { "kind": "spif", "id": "black_friday", "metric": "deals_won", "from": "2026-11-20", "to": "2026-11-30",
                  "target": 5, "bonus": { "amount": 10000 } },
                { "kind": "gate", "id": "sla", "metric": "first_response_compliance", "operator": "at_least", "value": 0.9 },
                { "kind": "gate", "id": "reasons", "metric": "disqualification_reason_coverage", "operator": "at_least", "value": 1,
                  "appliesTo": ["sql_to_won", "sql_slide"], "factor": 0.5 },
                { "kind": "multiplier", "id": "december", "label": "Декабрьская распродажа", "factor": 1.1, "periods": ["2026-12"],
                  "appliesTo": ["sql_to_won"], "maxPayout": { "ofTarget": 0.2 } }
              ],
              "overrides": [
                { "period": "2026-12", "component": "sql_to_won", "weight": 0.7 },
                { "period": "2026-12", "component": "funnel", "weight": 0.3 }
              ]
            },
            {
              "role": "marketer",
              "targetVariablePay": { "amount": 40000 },
              "components": [
                { "kind": "growth", "id": "mql_growth", "metric": "mql", "measure": "percent", "minimum": 0.1, "bonus": { "ofTarget": 0.25 } },
                { "kind": "attainment", "id": "cpl", "metric": "cpl", "target": 1500, "weight": 0.6, "cap": 1.3,
                  "curve": { "mode": "flat", "tiers": [ { "from": 0, "rate": 0.5 }, { "from": 1, "rate": 1 } ] } },
                { "kind": "team", "id": "funnel", "group": "mql_sql_pod", "metric": "cr_mql_to_sql", "target": 0.25, "weight": 0.4 }
              ]
            },
            {
              "role": "lead_generator",
              "baseSalary": 60000,
              "targetVariablePay": { "amount": 20000 },
              "components": [
                { "kind": "per_unit", "id": "per_lead", "metric": "leads", "rate": 300,
                  "condition": { "metric": "cpl", "operator": "at_most", "value": 1500 } },
                { "kind": "share", "id": "op_profit", "measure": "operating_profit", "credit": "sourced", "rate": 0.1, "tierBasis": "per_deal",
                  "dealRules": [ { "label": "Многолетний договор", "when": [ { "attribute": "contract_months", "operator": "above", "value": 12 } ], "multiplier": 1.5 },
                                 { "when": [ { "attribute": "product_line", "operator": "in", "values": ["cloud", "ai"] } ], "rate": 0.12 } ] }
              ]
            }
          ]
        }
        """;

    [Fact]
    public void The_example_reads_every_kind_into_its_type()
    {
        var plan = PlanJson.Deserialize(Example);

        var kinds = plan.Assignments.SelectMany(a => a.Components).Select(c => c.Kind).Distinct().Order();
        Assert.Equal(Enum.GetValues<ComponentKind>().Order(), kinds);
        var sales = plan.Assignments[0];
        Assert.Equal(Role.SalesManager, sales.Role);
        Assert.Equal(0.3m, sales.TargetVariablePay.OfBase);
        var conversion = Assert.IsType<AttainmentComponent>(sales.Components[0]);
        Assert.Equal(CurveMode.Marginal, conversion.Curve!.Mode);
        Assert.Equal(new Tier(1, 1.5m), conversion.Curve.Tiers![1]);
        var spif = Assert.IsType<SpifComponent>(sales.Components[4]);
        Assert.Equal(new DateOnly(2026, 11, 30), spif.To);
        var perUnit = Assert.IsType<PerUnitComponent>(plan.Assignments[2].Components[0]);
        Assert.Equal(new MetricCondition("cpl", ComparisonOperator.AtMost, 1500), perUnit.Condition);
        Assert.Equal(TierBasis.PerDeal, Assert.IsType<ShareComponent>(plan.Assignments[2].Components[1]).TierBasis);
    }

    [Fact]
    public void The_example_is_a_valid_plan() => Assert.Empty(PlanValidator.Validate(PlanJson.Deserialize(Example)));

    [Fact]
    public void Every_kind_survives_a_round_trip()
    {
        var once = PlanJson.Serialize(PlanJson.Deserialize(Example));
        var twice = PlanJson.Serialize(PlanJson.Deserialize(once));

        Assert.Equal(once, twice);
        foreach (var kind in new[] { "attainment", "step", "growth", "per_unit", "share", "gate", "team", "spif" })
            Assert.Contains($"\"kind\":\"{kind}\"", once);
    }

    [Fact]
    public void Writes_camel_case_snake_case_enums_and_leaves_out_nulls()
    {
        var json = PlanJson.Serialize(PlanJson.Deserialize(Example));

        Assert.Contains("\"targetVariablePay\":{\"ofBase\":0.3}", json);
        Assert.Contains("\"role\":\"sales_manager\"", json);
        Assert.Contains("\"tierBasis\":\"per_deal\"", json);
        Assert.Contains("\"operator\":\"at_most\"", json);
        Assert.DoesNotContain("null", json);
        Assert.DoesNotContain("\"Kind\"", json);
    }

    [Fact]
    public void The_kind_may_come_after_other_members_as_jsonb_stores_it()
    {
        var plan = PlanJson.Deserialize(Example.Replace("""{ "kind": "step", "id": "sql_slide", """, """{ "id": "sql_slide", "kind": "step", """));

        Assert.IsType<StepComponent>(plan.Assignments[0].Components[2]);
    }

    [Fact]
    public void An_unknown_enum_value_names_the_allowed_ones_at_its_path()
    {
        var json = Example.Replace("\"tierMode\": \"marginal\"", "\"tierMode\": \"interpolated\"");
        Assert.NotEqual(Example, json);

        var refused = Assert.ThrowsAny<JsonException>(() => PlanJson.Deserialize(json));

        Assert.Equal("'interpolated' is not one of: flat, marginal.", refused.Message);
        Assert.Equal("$.assignments[0].components[3].tierMode", refused.Path);
        Assert.Throws<UnknownValue>(() => JsonSerializer.Deserialize<PlanDocument>(json, PlanJson.Create(message => new UnknownValue(message))));
        Assert.Equal("Give one of: at_least, at_most.", Assert.ThrowsAny<JsonException>(() =>
            PlanJson.Deserialize(Example.Replace("\"operator\": \"at_most\"", "\"operator\": 1"))).Message);
    }

    private sealed class UnknownValue(string message) : JsonException(message);

    [Theory]
    // An unknown member: a typo must not be silently dropped.
    [InlineData("\"maxSteps\": 6", "\"maxStep\": 6")]
    // An unknown kind.
    [InlineData("\"kind\": \"step\"", "\"kind\": \"ladder\"")]
    // An unknown enum value.
    [InlineData("\"operator\": \"at_most\"", "\"operator\": \"below\"")]
    // A number as a string.
    [InlineData("\"every\": 10", "\"every\": \"10\"")]
    // A required member missing.
    [InlineData("\"every\": 10, ", "")]
    // A null where none is allowed.
    [InlineData("\"metric\": \"sql\", \"target\": 100", "\"metric\": null, \"target\": 100")]
    public void Malformed_documents_are_refused(string part, string replacement)
    {
        Assert.Contains(part, Example);

        Assert.ThrowsAny<JsonException>(() => PlanJson.Deserialize(Example.Replace(part, replacement)));
    }
}
