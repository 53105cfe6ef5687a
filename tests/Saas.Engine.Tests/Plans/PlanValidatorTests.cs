using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;

namespace Saas.Engine.Tests.Plans;

public class PlanValidatorTests
{
    private static readonly AttainmentComponent Conversion = new()
    {
        Id = "conv",
        Metric = MetricKeys.CrSqlToWon,
        Target = 0.2m,
        Weight = 0.6m,
        Threshold = 0.8m,
        Cap = 1.5m,
    };

    private static readonly AttainmentComponent Sql = new() { Id = "sql", Metric = MetricKeys.Sql, Target = 100, Weight = 0.4m };

    private static PlanDocument Plan(params Component[] components) => Plan(Assignment(components));

    private static Assignment Assignment(params Component[] components) => new()
    {
        Role = Role.SalesManager,
        TargetVariablePay = new TargetVariablePay { Amount = 30_000 },
        Components = components.Length == 0 ? [Conversion, Sql] : components,
    };

    private static PlanDocument Plan(params Assignment[] assignments) => new()
    {
        Name = "Q4",
        Currency = "RUB",
        Periods = ["2026-10", "2026-11", "2026-12"],
        Assignments = assignments,
    };

    /// <summary>Exactly one error, at this path, with this code; its message is a sentence.</summary>
    private static ValidationError Single(PlanDocument plan, string path, string code)
    {
        var errors = PlanValidator.Validate(plan);
        var error = Assert.Single(errors);
        Assert.Equal((path, code), (error.Path, error.Code));
        Assert.EndsWith(".", error.Message);
        return error;
    }

    private static AttainmentComponent WithConversion(Func<AttainmentComponent, AttainmentComponent> change) => change(Conversion);

    [Fact]
    public void A_sound_plan_has_no_errors() => Assert.Empty(PlanValidator.Validate(Plan(Assignment())));

    [Fact]
    public void Plan_name_currency_and_periods()
    {
        Single(Plan(Assignment()) with { Name = " " }, "name", "required");
        Single(Plan(Assignment()) with { Currency = "RUR" }, "currency", "unknown_currency");
        Single(Plan(Assignment()) with { Periods = [] }, "periods", "required");
        Single(Plan(Assignment()) with { Periods = ["2026-11", "2026-13"] }, "periods[1]", "invalid_period");
        Single(Plan(Assignment()) with { Periods = ["2026-Q4", "2026-11"] }, "periods[1]", "overlapping_period");
        Single(Plan(Assignment()) with { Periods = ["2026-11", "2026-11"] }, "periods[1]", "overlapping_period");
        Single(Plan(Assignment()) with { Assignments = [] }, "assignments", "required");
    }

    [Fact]
    public void Assignment_targets_one_role_team_or_employee_once()
    {
        Single(Plan(Assignment() with { EmployeeId = Guid.NewGuid() }), "assignments[0]", "assignment_target");
        Single(Plan(Assignment() with { Role = null }), "assignments[0]", "assignment_target");

        var error = Single(Plan(Assignment(), Assignment()), "assignments[1].role", "overlapping_assignment");
        Assert.Contains("sales_manager", error.Message);

        var team = Guid.NewGuid();
        Single(Plan(Assignment() with { Role = null, TeamId = team }, Assignment() with { Role = null, TeamId = team }),
            "assignments[1].teamId", "overlapping_assignment");
        // A role and a team are different targets; the API resolves who is in which.
        Assert.Empty(PlanValidator.Validate(Plan(Assignment(), Assignment() with { Role = null, TeamId = team })));
    }

    [Fact]
    public void Target_variable_pay()
    {
        Single(Plan(Assignment() with { BaseSalary = 100_000, TargetVariablePay = new TargetVariablePay { Amount = 1, OfBase = 0.3m } }),
            "assignments[0].targetVariablePay", "exactly_one");
        Single(Plan(Assignment() with { TargetVariablePay = new TargetVariablePay { OfBase = 0.3m } }),
            "assignments[0].baseSalary", "required");
        Single(Plan(Assignment() with { TargetVariablePay = new TargetVariablePay { Amount = -1 } }),
            "assignments[0].targetVariablePay.amount", "negative");
        Single(Plan(Assignment() with { MaxVariablePay = new PayAmount { Amount = 0 } }),
            "assignments[0].maxVariablePay.amount", "not_positive");
    }

    [Fact]
    public void Amounts_and_fractions_are_not_negative()
    {
        Single(Plan(Assignment() with { BaseSalary = -1 }), "assignments[0].baseSalary", "negative");
        Single(Plan(WithConversion(c => c with { Threshold = -0.1m }), Sql), "assignments[0].components[0].threshold", "negative");
        Single(Plan(Assignment() with { BaseSalary = 100_000, TargetVariablePay = new TargetVariablePay { OfBase = 0 } }),
            "assignments[0].targetVariablePay.ofBase", "not_positive");
    }

    [Fact]
    public void A_team_component_names_its_group()
    {
        var team = new TeamComponent { Id = "team", Group = " ", Metric = MetricKeys.CrMqlToSql, Target = 0.25m, Weight = 0.4m };

        Single(Plan(Conversion, team), "assignments[0].components[1].group", "required");
    }

    [Fact]
    public void Weights_add_up_to_100_percent()
    {
        var error = Single(Plan(Conversion, Sql with { Weight = 0.3m }), "assignments[0].components", "weights_sum");
        Assert.Contains("90 %", error.Message);

        // 150 % alone is both out of range and a wrong sum.
        var errors = PlanValidator.Validate(Plan(Conversion with { Weight = 1.5m }));
        Assert.Equal([("assignments[0].components[0].weight", "out_of_range"), ("assignments[0].components", "weights_sum")],
            errors.Select(e => (e.Path, e.Code)));
    }

    [Fact]
    public void Threshold_is_below_target_and_cap_at_or_above_it()
    {
        var error = Single(Plan(WithConversion(c => c with { Threshold = 1 }), Sql), "assignments[0].components[0].threshold",
            "threshold_not_below_target");
        Assert.Equal("threshold (100 %) must be below the target (100 % attainment); nothing is paid below the threshold.", error.Message);

        Single(Plan(WithConversion(c => c with { Cap = 0.9m }), Sql), "assignments[0].components[0].cap", "cap_below_target");
        // At the target is allowed: a cap of exactly 100 %.
        Assert.Empty(PlanValidator.Validate(Plan(WithConversion(c => c with { Cap = 1 }), Sql)));
    }

    [Fact]
    public void Metrics_come_from_the_catalogue()
    {
        var error = Single(Plan(WithConversion(c => c with { Metric = "conversion" }), Sql), "assignments[0].components[0].metric", "unknown_metric");
        Assert.Contains("cr_sql_to_won", error.Message);
    }

    [Fact]
    public void Targets_are_positive_and_fractions_for_proportions()
    {
        Single(Plan(Conversion, Sql with { Target = 0 }), "assignments[0].components[1].target", "zero_target");
        var error = Single(Plan(WithConversion(c => c with { Target = 20 }), Sql), "assignments[0].components[0].target", "above_max");
        Assert.Contains("0.2 = 20 %", error.Message);
        // Zero is a fine target for a lower-is-better metric (no churn at all).
        Assert.Empty(PlanValidator.Validate(Plan(new AttainmentComponent { Id = "churn", Metric = MetricKeys.ChurnRate, Target = 0, Weight = 1 })));
    }

    [Fact]
    public void Component_ids_are_unique()
    {
        Single(Plan(Conversion, Sql with { Id = "conv" }), "assignments[0].components[1].id", "duplicate_id");
        Single(Plan(Conversion, Sql with { Id = "" }), "assignments[0].components[1].id", "required");
    }

    [Fact]
    public void Gates_refer_to_existing_paying_components()
    {
        GateComponent Gate(params string[] appliesTo) => new()
        {
            Id = "sla",
            Metric = MetricKeys.FirstResponseCompliance,
            Operator = ComparisonOperator.AtLeast,
            Value = 0.9m,
            AppliesTo = appliesTo,
        };

        Single(Plan(Conversion, Sql, Gate("conv", "bonus")), "assignments[0].components[2].appliesTo[1]", "unknown_component");
        Single(Plan(Conversion, Sql, Gate("sla")), "assignments[0].components[2].appliesTo[0]", "gate_on_gate");
        Single(Plan(Conversion, Sql, Gate("conv", "conv")), "assignments[0].components[2].appliesTo[1]", "duplicate_id");
        Single(Plan(Conversion, Sql, Gate()), "assignments[0].components[2].appliesTo", "required");
        Single(Plan(Conversion, Sql, Gate("conv") with { Factor = 1 }), "assignments[0].components[2].factor", "out_of_range");
        Single(Plan(Conversion, Sql, Gate("conv") with { Value = 90 }), "assignments[0].components[2].value", "above_max");
        Single(Plan(Conversion, Sql, Gate("conv") with { MaxPayout = PayAmount.Fixed(1) }), "assignments[0].components[2].maxPayout", "not_applicable");
    }

    [Fact]
    public void Tiers_start_at_zero_rise_and_flat_rates_do_not_fall()
    {
        Single(Plan(WithConversion(c => c with { Curve = Curve.Marginal(new Tier(0.5m, 1)) }), Sql),
            "assignments[0].components[0].curve.tiers[0].from", "first_tier_not_zero");
        Single(Plan(WithConversion(c => c with { Curve = Curve.Marginal(new Tier(0, 1), new Tier(1, 2), new Tier(1, 3)) }), Sql),
            "assignments[0].components[0].curve.tiers[2].from", "not_increasing");
        Single(Plan(WithConversion(c => c with { Curve = Curve.Flat(new Tier(0, 1), new Tier(1, 0.8m)) }), Sql),
            "assignments[0].components[0].curve.tiers[1].rate", "decreasing");
        Single(Plan(WithConversion(c => c with { Curve = Curve.Marginal(new Tier(0, -1)) }), Sql),
            "assignments[0].components[0].curve.tiers[0].rate", "negative");
        // A marginal curve may slow down above a level: each slice still adds.
        Assert.Empty(PlanValidator.Validate(Plan(WithConversion(c => c with { Curve = Curve.Marginal(new Tier(0, 1), new Tier(1.2m, 0.5m)) }), Sql)));
        Single(Plan(WithConversion(c => c with { Curve = new Curve { Mode = CurveMode.Marginal } }), Sql),
            "assignments[0].components[0].curve.tiers", "required");
        Single(Plan(WithConversion(c => c with { Curve = new Curve { Mode = CurveMode.Linear, Tiers = [new Tier(0, 1)] } }), Sql),
            "assignments[0].components[0].curve.tiers", "not_applicable");
    }

    [Fact]
    public void Interpolated_tables_need_two_rising_points()
    {
        Single(Plan(WithConversion(c => c with { Curve = Curve.Interpolated(new CurvePoint(1, 1)) }), Sql),
            "assignments[0].components[0].curve.points", "too_few_points");
        Single(Plan(WithConversion(c => c with { Curve = Curve.Interpolated(new CurvePoint(0.8m, 1), new CurvePoint(1, 0.5m)) }), Sql),
            "assignments[0].components[0].curve.points[1].payout", "decreasing");
        Single(Plan(WithConversion(c => c with { Curve = Curve.Interpolated(new CurvePoint(1, 0.5m), new CurvePoint(1, 1)) }), Sql),
            "assignments[0].components[0].curve.points[1].attainment", "not_increasing");
    }

    [Fact]
    public void Step_rules()
    {
        var step = new StepComponent { Id = "slide", Metric = MetricKeys.Sql, Target = 100, Every = 10, Rate = 0.05m };

        Assert.Empty(PlanValidator.Validate(Plan(Conversion, Sql, step)));
        Single(Plan(Conversion, Sql, step with { Every = 0 }), "assignments[0].components[2].every", "not_positive");
        Single(Plan(Conversion, Sql, step with { Rate = 5 }), "assignments[0].components[2].rate", "out_of_range");
        Single(Plan(Conversion, Sql, step with { MaxSteps = 0 }), "assignments[0].components[2].maxSteps", "not_positive");
        Single(Plan(Conversion, Sql, step with { Target = -1 }), "assignments[0].components[2].target", "negative");
    }

    [Fact]
    public void Growth_rules()
    {
        var growth = new GrowthComponent { Id = "g", Metric = MetricKeys.Mql, Bonus = PayAmount.Fixed(5_000) };

        Single(Plan(Conversion, Sql, growth with { Minimum = -0.1m }), "assignments[0].components[2].minimum", "negative");
        Single(Plan(Conversion, Sql, growth with { Bonus = new PayAmount() }), "assignments[0].components[2].bonus", "exactly_one");
        Single(Plan(Conversion, Sql, growth with { Bonus = PayAmount.TargetShare(0) }), "assignments[0].components[2].bonus.ofTarget", "not_positive");
    }

    [Fact]
    public void Per_unit_rules()
    {
        var perLead = new PerUnitComponent { Id = "leads", Metric = MetricKeys.Leads, Rate = 300 };

        Single(Plan(Conversion, Sql, perLead with { Metric = MetricKeys.Revenue }), "assignments[0].components[2].metric", "not_a_count");
        Single(Plan(Conversion, Sql, perLead with { Tiers = [new Tier(0, 300)] }), "assignments[0].components[2].rate", "rate_or_tiers");
        Single(Plan(Conversion, Sql, perLead with { Rate = null }), "assignments[0].components[2].rate", "rate_or_tiers");
        Single(Plan(Conversion, Sql, perLead with { Condition = new MetricCondition("cost_per_lead", ComparisonOperator.AtMost, 1500) }),
            "assignments[0].components[2].condition.metric", "unknown_metric");
    }

    [Fact]
    public void Share_rules()
    {
        var share = new ShareComponent { Id = "share", Measure = ShareMeasure.Revenue, Credit = ShareCredit.Closed, Rate = 0.05m };
        IReadOnlyList<Tier> tiers = [new Tier(0, 0.03m), new Tier(1, 0.05m)];

        Single(Plan(Conversion, Sql, share with { Rate = 5 }), "assignments[0].components[2].rate", "above_max");
        Single(Plan(Conversion, Sql, share with { Rate = null, Tiers = tiers }), "assignments[0].components[2].target", "required");
        Single(Plan(Conversion, Sql, share with { Rate = null, Tiers = tiers, TierBasis = TierBasis.PerDeal, Target = 1_000_000 }),
            "assignments[0].components[2].target", "not_applicable");
        Single(Plan(Conversion, Sql, share with { Rate = null, Tiers = [new Tier(0, 0.03m), new Tier(1, 3)], Target = 1_000_000 }),
            "assignments[0].components[2].tiers[1].rate", "above_max");
    }

    [Fact]
    public void Spif_rules()
    {
        var spif = new SpifComponent
        {
            Id = "bf",
            Metric = MetricKeys.DealsWon,
            From = new DateOnly(2026, 11, 20),
            To = new DateOnly(2026, 11, 30),
            Target = 5,
            Bonus = PayAmount.Fixed(10_000),
        };

        Assert.Empty(PlanValidator.Validate(Plan(Conversion, Sql, spif)));
        Single(Plan(Conversion, Sql, spif with { To = new DateOnly(2026, 11, 19) }), "assignments[0].components[2].to", "before_from");
        Single(Plan(Conversion, Sql, spif with { To = new DateOnly(2027, 1, 10) }), "assignments[0].components[2].to", "outside_plan");
        Single(Plan(Conversion, Sql, spif with { PerUnit = 500 }), "assignments[0].components[2].bonus", "bonus_or_per_unit");
        Single(Plan(Conversion, Sql, spif with { Target = null }), "assignments[0].components[2].target", "required");
        Single(Plan(Conversion, Sql, spif with { Bonus = null, PerUnit = 500, Metric = MetricKeys.Revenue }),
            "assignments[0].components[2].metric", "not_a_count");
    }

    [Fact]
    public void Overrides_name_a_plan_period_an_existing_component_and_a_field_it_has()
    {
        Assignment With(params ComponentOverride[] overrides) => Assignment() with { Overrides = overrides };

        Assert.Empty(PlanValidator.Validate(Plan(With(
            new ComponentOverride { Period = "2026-12", Component = "conv", Weight = 0.7m },
            new ComponentOverride { Period = "2026-12", Component = "sql", Weight = 0.3m, Target = 120 }))));
        Single(Plan(With(new ComponentOverride { Period = "2027-01", Component = "conv", Target = 0.25m })),
            "assignments[0].overrides[0].period", "unknown_period");
        Single(Plan(With(new ComponentOverride { Period = "2026-12", Component = "bonus", Target = 0.25m })),
            "assignments[0].overrides[0].component", "unknown_component");
        Single(Plan(With(new ComponentOverride { Period = "2026-12", Component = "conv" })),
            "assignments[0].overrides[0]", "empty_override");
        Single(Plan(With(new ComponentOverride { Period = "2026-12", Component = "conv", Target = 20 })),
            "assignments[0].overrides[0].target", "above_max");
        Single(Plan(With(
                new ComponentOverride { Period = "2026-12", Component = "conv", Target = 0.25m },
                new ComponentOverride { Period = "2026-12", Component = "conv", Target = 0.3m })),
            "assignments[0].overrides[1]", "duplicate_override");

        var error = Single(Plan(With(new ComponentOverride { Period = "2026-12", Component = "conv", Weight = 0.7m })),
            "assignments[0].overrides[0].weight", "weights_sum");
        Assert.Contains("in 2026-12 add up to 110 %", error.Message);
    }

    [Fact]
    public void Overrides_only_touch_fields_the_kind_has()
    {
        var perLead = new PerUnitComponent { Id = "leads", Metric = MetricKeys.Leads, Rate = 300 };
        var plan = Plan(Assignment(Conversion, Sql, perLead) with
        {
            Overrides = [new ComponentOverride { Period = "2026-12", Component = "leads", Weight = 0.5m }],
        });

        var error = Single(plan, "assignments[0].overrides[0].weight", "not_overridable");
        Assert.Equal("A per_unit component's weight cannot be overridden; it takes rate.", error.Message);
    }

    [Fact]
    public void A_lone_assignment_validates_with_relative_paths()
    {
        var errors = PlanValidator.ValidateAssignment(Assignment(Conversion with { Threshold = 1.2m }, Sql));

        Assert.Equal("components[0].threshold", Assert.Single(errors).Path);
    }
}
