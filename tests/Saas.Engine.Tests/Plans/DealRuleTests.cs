using Saas.Engine.Common;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using Saas.Engine.Tests.Payouts;

namespace Saas.Engine.Tests.Plans;

/// <summary>Issue 21: "base rate 5 %, × 1.5 when the contract term is over 12 months", and rates by product line or deal type.</summary>
public class DealRuleTests
{
    private static DealCondition When(string attribute, AttributeOperator op, AttributeValue? value = null, params AttributeValue[] values) =>
        new() { Attribute = attribute, Operator = op, Value = value, Values = values.Length == 0 ? null : values };

    private static readonly DealRule MultiYear = new()
    {
        Label = "Multi-year",
        When = [When(DealAttributes.ContractMonths, AttributeOperator.Above, AttributeValue.Of(12m))],
        Multiplier = 1.5m,
    };

    private static readonly DealRule Renewal = new()
    {
        When = [When(DealAttributes.DealType, AttributeOperator.Is, AttributeValue.Of("renewal"))],
        Rate = 0.02m,
    };

    private static ShareComponent Commission(params DealRule[] rules) => new()
    {
        Id = "commission",
        Measure = ShareMeasure.Revenue,
        Credit = ShareCredit.Closed,
        Rate = 0.05m,
        TierBasis = TierBasis.PerDeal,
        DealRules = rules,
    };

    private static CreditedDeal Deal(string id, decimal revenue, params (string Key, AttributeValue Value)[] attributes) => new()
    {
        DealId = id,
        Role = DealRole.Closed,
        Revenue = revenue,
        ClosedOn = new DateOnly(2026, 11, 10),
        Attributes = attributes.ToDictionary(a => a.Key, a => a.Value),
    };

    private static PayoutResult Run(ShareComponent share, string locale, params CreditedDeal[] deals) =>
        Kit.Pay(Kit.Assignment(0, share), locale: locale, more: input => input with { Deals = deals });

    private static PlanDocument Plan(params Component[] components) => new()
    {
        Name = "Commission",
        Currency = "RUB",
        Periods = ["2026-11", "2026-12"],
        Assignments = [new Assignment { Role = Role.SalesManager, Components = components }],
    };

    [Fact]
    public void A_multi_year_deal_pays_its_commission_times_one_and_a_half_and_says_why()
    {
        var result = Run(Commission(MultiYear, Renewal), "en",
            Deal("D1", 100_000m, (DealAttributes.ContractMonths, AttributeValue.Of(24m))),
            Deal("D2", 100_000m, (DealAttributes.ContractMonths, AttributeValue.Of(12m))),
            Deal("D3", 100_000m));

        var lines = result.Lines.Where(l => l.ComponentId == "commission").ToDictionary(l => l.DealId!);
        Assert.Equal((7_500m, 5_000m, 5_000m), (lines["D1"].Amount, lines["D2"].Amount, lines["D3"].Amount));
        Assert.Equal((1.5m, "Multi-year"), (lines["D1"].Multiplier, lines["D1"].Rule));
        Assert.Null(lines["D2"].Rule);
        Assert.Equal("100000 × 1 = 100000; 100000 × 0.05 = 5000; × 1.5 = 7500", lines["D1"].Formula);
        Assert.Equal("Deal D1 of 2026-11-10: revenue 100,000 RUB × share 100% = 100,000 RUB; 100,000 RUB × 5% = 5,000 RUB; rule 'Multi-year': × 1.5 = 7,500 RUB",
            Kit.Plain(lines["D1"].Explanation));
    }

    [Fact]
    public void A_rule_rate_replaces_the_components_rate_and_the_first_matching_rule_wins()
    {
        // A renewal over 12 months: the multi-year rule comes first, so 5 % × 1.5; a one-year renewal is paid 2 %.
        var result = Run(Commission(MultiYear, Renewal), "ru",
            Deal("R1", 100_000m, (DealAttributes.DealType, AttributeValue.Of("Renewal")), (DealAttributes.ContractMonths, AttributeValue.Of(36m))),
            Deal("R2", 100_000m, (DealAttributes.DealType, AttributeValue.Of("renewal"))));

        var lines = result.Lines.Where(l => l.ComponentId == "commission").ToDictionary(l => l.DealId!);
        Assert.Equal((7_500m, 2_000m), (lines["R1"].Amount, lines["R2"].Amount));
        Assert.Equal(("deal_type = renewal", 0.02m), (lines["R2"].Rule, lines["R2"].Rate));
        Assert.Contains("правило «deal_type = renewal»: ставка 2 %", Kit.Plain(lines["R2"].Explanation));
    }

    [Fact]
    public void Conditions_in_a_rule_all_hold_and_a_deal_without_the_attribute_matches_none_of_them()
    {
        var cloudOrAi = new DealRule
        {
            When =
            [
                When(DealAttributes.ProductLine, AttributeOperator.In, null, AttributeValue.Of("cloud"), AttributeValue.Of("ai")),
                When("strategic", AttributeOperator.Is, AttributeValue.Of(true)),
            ],
            Multiplier = 2m,
        };
        var notCloud = new DealRule { When = [When(DealAttributes.ProductLine, AttributeOperator.IsNot, AttributeValue.Of("cloud"))], Rate = 0m };

        var result = Run(Commission(cloudOrAi, notCloud), "en",
            Deal("A", 10_000m, (DealAttributes.ProductLine, AttributeValue.Of("AI")), ("strategic", AttributeValue.Of(true))),
            Deal("B", 10_000m, (DealAttributes.ProductLine, AttributeValue.Of("ai")), ("strategic", AttributeValue.Of(false))),
            Deal("C", 10_000m));

        var amounts = result.Lines.Where(l => l.ComponentId == "commission").ToDictionary(l => l.DealId!, l => l.Amount);
        // A: both hold, × 2. B: not strategic, but not cloud either: rate 0. C: no product line, so no rule: 5 %.
        Assert.Equal((1_000m, 0m, 500m), (amounts["A"], amounts["B"], amounts["C"]));
    }

    [Theory]
    [InlineData(AttributeOperator.Above, 12, false)]
    [InlineData(AttributeOperator.AtLeast, 12, true)]
    [InlineData(AttributeOperator.Below, 13, true)]
    [InlineData(AttributeOperator.AtMost, 11, false)]
    public void Number_comparisons(AttributeOperator op, int bound, bool holds)
    {
        var condition = When(DealAttributes.ContractMonths, op, AttributeValue.Of(bound));
        Assert.Equal(holds, condition.Holds(new Dictionary<string, AttributeValue> { [DealAttributes.ContractMonths] = AttributeValue.Of(12m) }));
        // A text value never compares as a number.
        Assert.False(condition.Holds(new Dictionary<string, AttributeValue> { [DealAttributes.ContractMonths] = AttributeValue.Of("12") }));
    }

    [Fact]
    public void A_plan_with_deal_rules_reads_back_as_written_and_one_without_writes_no_rules()
    {
        var plan = Plan(Commission(MultiYear, Renewal));
        Assert.Empty(PlanValidator.Validate(plan));

        var json = PlanJson.Serialize(plan);
        Assert.Contains("\"dealRules\":[{\"label\":\"Multi-year\",\"when\":[{\"attribute\":\"contract_months\",\"operator\":\"above\",\"value\":12}],\"multiplier\":1.5}", json);
        Assert.Equal(json, PlanJson.Serialize(PlanJson.Deserialize(json)));
        Assert.DoesNotContain("dealRules", PlanJson.Serialize(Plan(Commission() with { DealRules = null })));
    }

    public static TheoryData<DealRule, string, string> BrokenRules => new()
    {
        { MultiYear with { Rate = 0.07m }, "dealRules[0].rate", "rate_or_multiplier" },
        { MultiYear with { Label = " " }, "dealRules[0].label", "blank" },
        { MultiYear with { When = [When(DealAttributes.ProductLine, AttributeOperator.Is, AttributeValue.Of("a\0b"))] }, "dealRules[0].when[0].value", "wrong_type" },
        { MultiYear with { Multiplier = 11m }, "dealRules[0].multiplier", "out_of_range" },
        { MultiYear with { When = [] }, "dealRules[0].when", "required" },
        { MultiYear with { When = [When(DealAttributes.ProductLine, AttributeOperator.Above, AttributeValue.Of("cloud"))] }, "dealRules[0].when[0].value", "not_a_number" },
        { MultiYear with { When = [When(DealAttributes.ProductLine, AttributeOperator.In, AttributeValue.Of("cloud"))] }, "dealRules[0].when[0].values", "required" },
        { MultiYear with { When = [When(DealAttributes.ContractMonths, AttributeOperator.Is, AttributeValue.Of("long"))] }, "dealRules[0].when[0].value", "wrong_type" },
        { MultiYear with { When = [When(DealAttributes.DealType, AttributeOperator.Is, AttributeValue.Of("upsell"))] }, "dealRules[0].when[0].value", "wrong_type" },
        { MultiYear with { When = [When("Region!", AttributeOperator.Is, AttributeValue.Of("EU"))] }, "dealRules[0].when[0].attribute", "invalid_attribute" },
    };

    [Theory]
    [MemberData(nameof(BrokenRules))]
    public void A_broken_rule_is_refused_where_it_is_broken(DealRule rule, string path, string code)
    {
        var errors = PlanValidator.Validate(Plan(Commission(rule)));

        Assert.Contains(errors, e => e.Path == "assignments[0].components[0]." + path && e.Code == code);
    }

    [Fact]
    public void Deal_rules_need_per_deal_tiers_and_the_tenants_attributes()
    {
        var cumulative = Plan(Commission(MultiYear) with { TierBasis = TierBasis.Cumulative });
        Assert.Contains(PlanValidator.Validate(cumulative), e => e.Code == "per_deal_only");

        var byRegion = Plan(Commission(new DealRule { When = [When("region", AttributeOperator.Is, AttributeValue.Of("EU"))], Multiplier = 1.2m }));
        // Without the tenant's attributes only the built-in ones are checked; with them, an undeclared key is refused.
        Assert.Empty(PlanValidator.Validate(byRegion));
        var refused = Assert.Single(PlanValidator.Validate(byRegion, DealAttributes.Known(null)));
        Assert.Equal(("assignments[0].components[0].dealRules[0].when[0].attribute", "unknown_attribute"), (refused.Path, refused.Code));
        Assert.Contains("declare it in the tenant's settings", refused.Message);
        Assert.Empty(PlanValidator.Validate(byRegion, DealAttributes.Known([new DealAttributeDefinition("region", DealAttributeType.Text)])));
        // A declared number attribute takes numbers only.
        Assert.Contains(PlanValidator.Validate(byRegion, DealAttributes.Known([new DealAttributeDefinition("region", DealAttributeType.Number)])),
            e => e.Code == "wrong_type");
    }

    [Fact]
    public void Texts_compare_without_surrounding_spaces_or_case()
    {
        var cloud = When(DealAttributes.ProductLine, AttributeOperator.Is, AttributeValue.Of("cloud"));
        Assert.True(cloud.Holds(new Dictionary<string, AttributeValue> { [DealAttributes.ProductLine] = AttributeValue.Of(" Cloud ") }));
        var read = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, AttributeValue>>("{\"product_line\":\"cloud \",\"contract_months\":24.0}")!;
        Assert.Equal((AttributeValue.Of("cloud"), AttributeValue.Of(24m)), (read[DealAttributes.ProductLine], read[DealAttributes.ContractMonths]));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<AttributeValue>("\"\\uDC00\""));
        Assert.Throws<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize<AttributeValue>("{}"));
    }
}

