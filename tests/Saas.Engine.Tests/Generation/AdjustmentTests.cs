using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Tests.Generation;

/// <summary>The generator's <see cref="PlanAdjustment"/>s on seed 000 (periods 2026-12 … 2027-02): each kind's exact
/// terms, weights that keep adding up to 1, refusals as <c>adjustment_ignored</c> warnings that leave the plan as it
/// was, and the request errors.</summary>
public class AdjustmentTests
{
    private static PlanAdjustment Adj(AdjustmentKind kind, Role role, string metric, decimal? value = null, params int[] months) =>
        new() { Kind = kind, Role = role, Metric = metric, Value = value, Months = months };

    private static (GenerationRequest Request, GeneratedPlan Plan) Generate(params PlanAdjustment[] adjustments) => Generate(GenKit.Seed, adjustments);

    private static (GenerationRequest Request, GeneratedPlan Plan) Generate(GenerationRequest seed, params PlanAdjustment[] adjustments)
    {
        var request = seed with { Adjustments = adjustments };
        Assert.Empty(request.Validate());
        var plan = PlanGenerator.Generate(request);
        GenKit.AssertSound(request, plan);
        return (request, plan);
    }

    private static Assignment Of(GeneratedPlan plan, Role role) => plan.Document.Assignments.Single(a => a.Role == role);

    private static IReadOnlyList<string> Weights(GeneratedPlan plan, Role role, string period) =>
        SeasonalOverrides.ForPeriod(Of(plan, role), period).Components.OfType<IAttainmentTerms>()
            .Select(c => $"{((Component)c).Id}={c.Weight.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}").ToList();

    private static IAttainmentTerms Terms(GeneratedPlan plan, Role role, string id) => (IAttainmentTerms)Of(plan, role).Components.Single(c => c.Id == id);

    private static string Ignored(GeneratedPlan plan) => Assert.Single(plan.Warnings, w => w.Code == "adjustment_ignored").Message;

    /// <summary>An ignored adjustment leaves the document exactly as the seed's.</summary>
    private static string AssertIgnored(GenerationRequest seed, params PlanAdjustment[] adjustments)
    {
        var (_, plan) = Generate(seed, adjustments);
        var without = PlanGenerator.Generate(seed with { Adjustments = adjustments[..^1] });
        Assert.Equal(GenKit.Json(without with { Warnings = [], Roles = [] }), GenKit.Json(plan with { Warnings = [], Roles = [] }));
        return Ignored(plan);
    }

    [Fact]
    public void Seed_weights_before_any_adjustment()
    {
        var (_, plan) = Generate();
        Assert.Equal(["revenue=0.5", "cr_lead_to_won=0.3", "mql_to_sql_shared=0.2"], Weights(plan, Role.SalesManager, "2026-12"));
        Assert.Equal(["mql=0.5", "cpl=0.2", "mql_to_sql_shared=0.3"], Weights(plan, Role.Marketer, "2026-12"));
        Assert.DoesNotContain(plan.Warnings, w => w.Code == "adjustment_ignored");
    }

    [Theory]
    [InlineData("0.6", "revenue=0.6", "cr_lead_to_won=0.24", "mql_to_sql_shared=0.16")]
    [InlineData("0.3", "revenue=0.3", "cr_lead_to_won=0.42", "mql_to_sql_shared=0.28")]
    [InlineData("0.99", "revenue=0.9", "cr_lead_to_won=0.05", "mql_to_sql_shared=0.05")]
    [InlineData("0.01", "revenue=0.01", "cr_lead_to_won=0.59", "mql_to_sql_shared=0.4")]
    public void Weight_sets_a_kpi_s_weight_and_the_others_move_in_proportion_never_below_5_percent(string value, params string[] weights)
    {
        var (_, plan) = Generate(Adj(AdjustmentKind.Weight, Role.SalesManager, "revenue", decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(weights, Weights(plan, Role.SalesManager, "2026-12"));
        Assert.Equal(["mql=0.5", "cpl=0.2", "mql_to_sql_shared=0.3"], Weights(plan, Role.Marketer, "2026-12"));
        var kpi = plan.Roles.Single(r => r.Role == Role.SalesManager).Kpis.Single(k => k.ComponentId == "revenue");
        Assert.Contains("Вес изменён по вашей просьбе: 50\u00A0% → ", kpi.Rationale);
    }

    [Fact]
    public void Weight_of_a_component_by_its_id()
    {
        var (_, plan) = Generate(Adj(AdjustmentKind.Weight, Role.SalesManager, "mql_to_sql_shared", 0.4m));
        Assert.Equal(["revenue=0.37", "cr_lead_to_won=0.23", "mql_to_sql_shared=0.4"], Weights(plan, Role.SalesManager, "2026-12"));
    }

    [Fact]
    public void Add_kpi_takes_20_percent_from_the_other_weights()
    {
        var (_, plan) = Generate(Adj(AdjustmentKind.AddKpi, Role.Marketer, "cac"));
        Assert.Equal(["mql=0.4", "cpl=0.16", "mql_to_sql_shared=0.24", "cac=0.2"], Weights(plan, Role.Marketer, "2026-12"));
        var cac = Terms(plan, Role.Marketer, "cac");
        Assert.Equal(("cac", 0.8m, 1.2m), (cac.Metric, cac.Threshold, cac.Cap));
        Assert.True(cac.Target > 0);
        Assert.Contains("Добавлен по вашей просьбе с весом 20", plan.Roles.Single(r => r.Role == Role.Marketer).Kpis.Single(k => k.ComponentId == "cac").Rationale);
        Assert.Equal(["mql=0.5", "cpl=0.2", "mql_to_sql_shared=0.3"], Weights(plan, Role.Smm, "2026-12"));
    }

    [Fact]
    public void Add_kpi_to_a_role_without_weighted_kpis_takes_all_the_weight()
    {
        var seed = GenKit.Team((Role.LeadGenerator, 1)) with { Economics = new Economics { LeadGeneratorScheme = LeadGeneratorScheme.ClientBudget } };
        var (_, plan) = Generate(seed, Adj(AdjustmentKind.AddKpi, Role.LeadGenerator, "sql"));
        Assert.Equal(["sql=1"], Weights(plan, Role.LeadGenerator, "2026-12"));
        Assert.Equal(["sql", "leads_paid", "revenue_share"], Of(plan, Role.LeadGenerator).Components.Select(c => c.Id));
    }

    [Fact]
    public void Remove_kpi_gives_a_weighted_kpi_s_weight_to_the_others()
    {
        var (_, plan) = Generate(Adj(AdjustmentKind.RemoveKpi, Role.Marketer, "cpl"));
        Assert.Equal(["mql=0.63", "mql_to_sql_shared=0.37"], Weights(plan, Role.Marketer, "2026-12"));
        Assert.Equal(["mql", "mql_to_sql_shared", "mql_growth"], Of(plan, Role.Marketer).Components.Select(c => c.Id));
    }

    [Theory]
    [InlineData(Role.SalesManager, "sla_gate")]
    [InlineData(Role.SalesManager, "reasons_gate")]
    [InlineData(Role.SalesManager, "deals_over_plan")]
    [InlineData(Role.Smm, "mql_growth")]
    public void Remove_kpi_of_an_unweighted_component_keeps_the_weights(Role role, string id)
    {
        var (_, seedPlan) = Generate();
        var (_, plan) = Generate(Adj(AdjustmentKind.RemoveKpi, role, id));
        Assert.Equal(Of(seedPlan, role).Components.Select(c => c.Id).Where(c => c != id), Of(plan, role).Components.Select(c => c.Id));
        Assert.Equal(Weights(seedPlan, role, "2026-12"), Weights(plan, role, "2026-12"));
        Assert.DoesNotContain(Of(plan, role).Overrides, o => o.Component == id);
    }

    [Fact]
    public void Threshold_cap_and_accelerator_set_the_terms_of_every_matching_kpi()
    {
        var (_, plan) = Generate(
            Adj(AdjustmentKind.Threshold, Role.SalesManager, "revenue", 0.7m),
            Adj(AdjustmentKind.Cap, Role.SalesManager, "revenue", 2m),
            Adj(AdjustmentKind.Accelerator, Role.SalesManager, "revenue", 1.5m),
            Adj(AdjustmentKind.Cap, Role.Marketer, "mql_to_sql_shared", 1.1m));
        var revenue = Terms(plan, Role.SalesManager, "revenue");
        Assert.Equal((0.7m, 2m), (revenue.Threshold, revenue.Cap));
        Assert.Equal(CurveMode.Marginal, revenue.Curve!.Mode);
        Assert.Equal([new Tier(0m, 1m), new Tier(1m, 1.5m)], revenue.Curve.Tiers);
        Assert.Equal((0.8m, 1.2m, null), (Terms(plan, Role.SalesManager, "cr_lead_to_won").Threshold, Terms(plan, Role.SalesManager, "cr_lead_to_won").Cap, Terms(plan, Role.SalesManager, "cr_lead_to_won").Curve));
        Assert.Equal(1.1m, Terms(plan, Role.Marketer, "mql_to_sql_shared").Cap);
        Assert.Equal(1.2m, Terms(plan, Role.Smm, "mql_to_sql_shared").Cap);
        var kpi = plan.Roles.Single(r => r.Role == Role.SalesManager).Kpis.Single(k => k.ComponentId == "revenue");
        Assert.Equal("целевая премия × 50 % × (факт ÷ цель); ниже 70 % выполнения — 0; учитывается не больше 200 %; сверх 100 % — × 1,5", kpi.Formula.Replace('\u00A0', ' '));
        Assert.Contains("Порог выплаты изменён по вашей просьбе: 70 % выполнения. Потолок изменён по вашей просьбе: учитывается до 200 % выполнения. " +
            "Ускоритель по вашей просьбе: каждый процент сверх 100 % платится × 1,5.", kpi.Rationale.Replace('\u00A0', ' '));
    }

    [Fact]
    public void Seasonal_adds_weight_in_the_season_s_months_only()
    {
        var (_, plan) = Generate(Adj(AdjustmentKind.Seasonal, Role.SalesManager, "revenue", 0.1m, 1));
        Assert.Equal(["revenue=0.5", "cr_lead_to_won=0.3", "mql_to_sql_shared=0.2"], Weights(plan, Role.SalesManager, "2026-12"));
        Assert.Equal(["revenue=0.6", "cr_lead_to_won=0.24", "mql_to_sql_shared=0.16"], Weights(plan, Role.SalesManager, "2027-01"));
        Assert.Equal(["revenue=0.5", "cr_lead_to_won=0.3", "mql_to_sql_shared=0.2"], Weights(plan, Role.SalesManager, "2027-02"));
        Assert.Equal(["2027-01:revenue", "2027-01:cr_lead_to_won", "2027-01:mql_to_sql_shared"],
            Of(plan, Role.SalesManager).Overrides.Where(o => o.Weight is not null).Select(o => $"{o.Period}:{o.Component}"));
    }

    [Fact]
    public void Seasonal_changes_of_the_same_month_add_up_and_keep_the_targets_of_their_overrides()
    {
        var (_, plan) = Generate(
            Adj(AdjustmentKind.Seasonal, Role.SalesManager, "revenue", 0.1m, 12, 1),
            Adj(AdjustmentKind.Seasonal, Role.SalesManager, "revenue", 0.2m, 1));
        Assert.Equal(["revenue=0.6", "cr_lead_to_won=0.24", "mql_to_sql_shared=0.16"], Weights(plan, Role.SalesManager, "2026-12"));
        Assert.Equal(["revenue=0.8", "cr_lead_to_won=0.12", "mql_to_sql_shared=0.08"], Weights(plan, Role.SalesManager, "2027-01"));
        var january = Of(plan, Role.SalesManager).Overrides.Single(o => o is { Period: "2027-01", Component: "revenue" });
        Assert.Equal((0.8m, 15275000m), (january.Weight, january.Target));
    }

    [Fact]
    public void Adjustments_apply_in_order()
    {
        var (_, plan) = Generate(
            Adj(AdjustmentKind.AddKpi, Role.Marketer, "romi"),
            Adj(AdjustmentKind.Weight, Role.Marketer, "romi", 0.5m),
            Adj(AdjustmentKind.RemoveKpi, Role.Marketer, "cpl"));
        // Add: 0.4 / 0.16 / 0.24 / 0.2; ROMI to 0.5: 0.25 / 0.1 / 0.15 / 0.5; CPL's 10 points to the rest: 2.78, 1.67, 5.56,
        // the two spare points to the largest remainders (MQL, the shared conversion).
        Assert.Equal(["mql=0.28", "mql_to_sql_shared=0.17", "romi=0.55"], Weights(plan, Role.Marketer, "2026-12"));
    }

    // ---- refusals ----

    [Fact]
    public void Adding_a_kpi_that_is_there_is_ignored() =>
        Assert.Equal("менеджер по продажам: KPI «Выручка» уже есть.", AssertIgnored(GenKit.Seed, Adj(AdjustmentKind.AddKpi, Role.SalesManager, "revenue")));

    [Fact]
    public void Removing_a_kpi_that_is_not_there_is_ignored() =>
        Assert.Equal("маркетолог: KPI «ROMI» в плане нет.", AssertIgnored(GenKit.Seed, Adj(AdjustmentKind.RemoveKpi, Role.Marketer, "romi")));

    [Fact]
    public void Removing_or_weighting_the_only_weighted_kpi_is_ignored()
    {
        var seed = GenKit.Team((Role.Marketer, 1));
        var cpl = Adj(AdjustmentKind.RemoveKpi, Role.Marketer, "cpl");
        Assert.Equal("маркетолог: «MQL» — единственный KPI с весом; без него премию не за что платить.",
            AssertIgnored(seed, cpl, Adj(AdjustmentKind.RemoveKpi, Role.Marketer, "mql")));
        Assert.Equal("маркетолог: «MQL» — единственный KPI с весом, его вес всегда 100 %.",
            AssertIgnored(seed, cpl, Adj(AdjustmentKind.Weight, Role.Marketer, "mql", 0.5m)));
        Assert.Equal("маркетолог: сезонное изменение не применено — это единственный KPI с весом.",
            AssertIgnored(seed, cpl, Adj(AdjustmentKind.Seasonal, Role.Marketer, "mql", 0.1m, 1)));
    }

    [Fact]
    public void Weight_of_a_component_without_weight_is_ignored() =>
        Assert.Equal("менеджер по продажам: у KPI «Условие: первый ответ в срок (SLA)» нет веса (или его нет в плане).",
            AssertIgnored(GenKit.Seed, Adj(AdjustmentKind.Weight, Role.SalesManager, "sla_gate", 0.5m)));

    [Fact]
    public void Weight_that_is_already_set_is_ignored() =>
        Assert.StartsWith("менеджер по продажам: вес «Выручка» уже 50",
            AssertIgnored(GenKit.Seed, Adj(AdjustmentKind.Weight, Role.SalesManager, "revenue", 0.5m)));

    [Fact]
    public void Threshold_at_or_above_the_cap_is_ignored() =>
        Assert.Equal("менеджер по продажам: порог 100\u00A0% должен быть ниже потолка 100\u00A0%.",
            AssertIgnored(GenKit.Seed, Adj(AdjustmentKind.Cap, Role.SalesManager, "revenue", 1m), Adj(AdjustmentKind.Threshold, Role.SalesManager, "revenue", 1m)));

    [Theory]
    [InlineData(AdjustmentKind.Threshold, 0.5)]
    [InlineData(AdjustmentKind.Cap, 2)]
    [InlineData(AdjustmentKind.Accelerator, 2)]
    public void Attainment_terms_on_a_gate_or_a_step_are_ignored_naming_them_by_their_labels(AdjustmentKind kind, double value)
    {
        Assert.Equal("менеджер по продажам: у «Условие: первый ответ в срок (SLA)» нет выполнения плана, к которому это применить.",
            AssertIgnored(GenKit.Seed, Adj(kind, Role.SalesManager, "sla_gate", (decimal)value)));
        Assert.Equal("менеджер по продажам: у «Сделки сверх плана» нет выполнения плана, к которому это применить.",
            AssertIgnored(GenKit.Seed, Adj(kind, Role.SalesManager, "deals_over_plan", (decimal)value)));
    }

    [Fact]
    public void Seasonal_change_outside_the_plan_s_months_or_on_an_unweighted_kpi_is_ignored()
    {
        Assert.Equal("менеджер по продажам: сезонное изменение не применено — в плане нет этих месяцев.",
            AssertIgnored(GenKit.Seed, Adj(AdjustmentKind.Seasonal, Role.SalesManager, "revenue", 0.1m, 7, 8)));
        Assert.Equal("маркетолог: сезонное изменение не применено — KPI с весом на «ROMI» нет.",
            AssertIgnored(GenKit.Seed, Adj(AdjustmentKind.Seasonal, Role.Marketer, "romi", 0.1m, 1)));
    }

    [Fact]
    public void Ignored_adjustments_are_said_in_the_request_s_language()
    {
        var seed = GenKit.Seed with { Language = Language.En };
        Assert.Equal("marketer: there is no KPI 'ROMI' in the plan.", AssertIgnored(seed, Adj(AdjustmentKind.RemoveKpi, Role.Marketer, "romi")));
        Assert.Equal("sales manager: 'Gate: first-response SLA' is not paid by attainment, so this does not apply.",
            AssertIgnored(seed, Adj(AdjustmentKind.Cap, Role.SalesManager, "sla_gate", 2m)));
    }

    // ---- request errors ----

    public static TheoryData<PlanAdjustment, string, string> Invalid => new()
    {
        { Adj(AdjustmentKind.Weight, Role.Sdr, "sql", 0.5m), "adjustments[0].role", "not_in_team" },
        { Adj(AdjustmentKind.AddKpi, Role.Marketer, "operating_profit"), "adjustments[0].metric", "not_targetable" },
        { Adj(AdjustmentKind.AddKpi, Role.Marketer, "reach"), "adjustments[0].metric", "not_targetable" },
        { Adj(AdjustmentKind.RemoveKpi, Role.Marketer, " "), "adjustments[0].metric", "required" },
        { Adj(AdjustmentKind.RemoveKpi, Role.Marketer, new string('m', 65)), "adjustments[0].metric", "required" },
        { Adj(AdjustmentKind.Weight, Role.Marketer, "mql"), "adjustments[0].value", "required" },
        { Adj(AdjustmentKind.Weight, Role.Marketer, "mql", 1m), "adjustments[0].value", "out_of_range" },
        { Adj(AdjustmentKind.Weight, Role.Marketer, "mql", 0m), "adjustments[0].value", "out_of_range" },
        { Adj(AdjustmentKind.Threshold, Role.Marketer, "mql", 1.01m), "adjustments[0].value", "out_of_range" },
        { Adj(AdjustmentKind.Threshold, Role.Marketer, "mql", 0m), "adjustments[0].value", "out_of_range" },
        { Adj(AdjustmentKind.Cap, Role.Marketer, "mql", 0.99m), "adjustments[0].value", "out_of_range" },
        { Adj(AdjustmentKind.Cap, Role.Marketer, "mql", 3.01m), "adjustments[0].value", "out_of_range" },
        { Adj(AdjustmentKind.Accelerator, Role.Marketer, "mql", 1m), "adjustments[0].value", "out_of_range" },
        { Adj(AdjustmentKind.Accelerator, Role.Marketer, "mql"), "adjustments[0].value", "required" },
        { Adj(AdjustmentKind.Seasonal, Role.Marketer, "mql", 0.51m, 1), "adjustments[0].value", "out_of_range" },
        { Adj(AdjustmentKind.Seasonal, Role.Marketer, "mql", 0.1m), "adjustments[0].months", "out_of_range" },
        { Adj(AdjustmentKind.Seasonal, Role.Marketer, "mql", 0.1m, 0, 12), "adjustments[0].months", "out_of_range" },
        { Adj((AdjustmentKind)42, Role.Marketer, "mql", 0.1m), "adjustments[0].kind", "unknown_kind" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Request_validation_rejects_malformed_adjustments(PlanAdjustment adjustment, string path, string code)
    {
        var request = GenKit.Seed with { Adjustments = [adjustment] };
        var error = Assert.Single(request.Validate());
        Assert.Equal((path, code), (error.Path, error.Code));
        Assert.Throws<ArgumentException>(() => PlanGenerator.Generate(request));
    }

    [Fact]
    public void Request_validation_accepts_the_bounds()
    {
        var request = GenKit.Seed with
        {
            Adjustments =
            [
                Adj(AdjustmentKind.Weight, Role.Marketer, "mql", 0.99m),
                Adj(AdjustmentKind.Threshold, Role.Marketer, "mql", 0.01m),
                Adj(AdjustmentKind.Cap, Role.Marketer, "mql", 3m),
                Adj(AdjustmentKind.Accelerator, Role.Marketer, "mql", 3m),
                Adj(AdjustmentKind.Seasonal, Role.Marketer, "mql", 0.5m, 1, 12),
                Adj(AdjustmentKind.AddKpi, Role.Marketer, "cac"),
                Adj(AdjustmentKind.RemoveKpi, Role.Marketer, "no_such_kpi"),
            ],
        };
        Assert.Empty(request.Validate());
        GenKit.AssertSound(request, PlanGenerator.Generate(request));
    }
}
