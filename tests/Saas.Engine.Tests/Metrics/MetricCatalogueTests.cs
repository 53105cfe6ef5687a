using Saas.Engine.Metrics;
using Saas.Engine.Text;

namespace Saas.Engine.Tests.Metrics;

public class MetricCatalogueTests
{
    [Fact]
    public void Holds_the_metrics_the_issue_names_and_the_agreed_conversion_keys()
    {
        string[] required =
        [
            "leads", "mql", "sal", "sql", "deals_won", "revenue", "gross_profit",
            "cr_lead_to_mql", "cr_mql_to_sal", "cr_sal_to_sql", "cr_mql_to_sql", "cr_sql_to_won", "cr_lead_to_won",
            "cpl", "cost_per_opportunity", "cac", "romi", "first_response_compliance", "disqualification_reason_coverage",
            "non_target_share", "renewal_rate", "cross_sell_revenue", "churn_rate", "complaints_registered",
            "spend", "new_customers", "operating_profit", "renewals", "first_response_minutes_median",
        ];

        Assert.Equal(required.Order(), MetricCatalogue.Keys.Order());
    }

    [Theory]
    [InlineData("cpl", MetricDirection.LowerIsBetter, MetricUnit.Money)]
    [InlineData("cac", MetricDirection.LowerIsBetter, MetricUnit.Money)]
    [InlineData("cost_per_opportunity", MetricDirection.LowerIsBetter, MetricUnit.Money)]
    [InlineData("churn_rate", MetricDirection.LowerIsBetter, MetricUnit.Ratio)]
    [InlineData("non_target_share", MetricDirection.LowerIsBetter, MetricUnit.Ratio)]
    [InlineData("first_response_minutes_median", MetricDirection.LowerIsBetter, MetricUnit.Minutes)]
    [InlineData("cr_sql_to_won", MetricDirection.HigherIsBetter, MetricUnit.Ratio)]
    [InlineData("first_response_compliance", MetricDirection.HigherIsBetter, MetricUnit.Ratio)]
    [InlineData("romi", MetricDirection.HigherIsBetter, MetricUnit.Ratio)]
    [InlineData("sql", MetricDirection.HigherIsBetter, MetricUnit.Count)]
    [InlineData("revenue", MetricDirection.HigherIsBetter, MetricUnit.Money)]
    public void Knows_which_way_is_better_and_the_unit(string key, MetricDirection direction, MetricUnit unit)
    {
        var metric = MetricCatalogue.Get(key);

        Assert.Equal((direction, unit), (metric.Direction, metric.Unit));
    }

    [Fact]
    public void Every_metric_is_defined_in_both_languages_and_computed_from_ingested_events_or_spend()
    {
        foreach (var metric in MetricCatalogue.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(metric.Name.En), metric.Key);
            Assert.False(string.IsNullOrWhiteSpace(metric.Name.Ru), metric.Key);
            Assert.False(string.IsNullOrWhiteSpace(metric.Definition.In(Language.Ru)), metric.Key);
            Assert.True(metric.Events.Count > 0 || metric.UsesSpend, metric.Key);
            Assert.All(metric.Events, e => Assert.Contains(e, EventTypes.All));
        }
    }

    [Fact]
    public void Derived_metrics_divide_catalogue_metrics()
    {
        foreach (var metric in MetricCatalogue.All.Where(m => m.Numerator is not null || m.Denominator is not null))
        {
            Assert.True(MetricCatalogue.TryGet(metric.Numerator, out _), metric.Key);
            Assert.True(MetricCatalogue.TryGet(metric.Denominator, out _), metric.Key);
        }
        var cpl = MetricCatalogue.Get("cpl");
        Assert.Equal(("spend", "leads"), (cpl.Numerator, cpl.Denominator));
        var conversion = MetricCatalogue.Get("cr_mql_to_sql");
        Assert.Equal(("sql", "mql"), (conversion.Numerator, conversion.Denominator));
    }

    [Fact]
    public void Conversions_are_fractions_at_most_one()
    {
        Assert.All(MetricCatalogue.All.Where(m => m.Key.StartsWith("cr_", StringComparison.Ordinal)), m => Assert.Equal(1m, m.MaxValue));
        Assert.Null(MetricCatalogue.Get("romi").MaxValue);
    }

    [Fact]
    public void Unknown_keys_are_not_found()
    {
        Assert.False(MetricCatalogue.TryGet("cost_per_lead", out _));
        Assert.False(MetricCatalogue.TryGet(null, out _));
        Assert.Throws<ArgumentException>(() => MetricCatalogue.Get("CPL"));
    }
}
