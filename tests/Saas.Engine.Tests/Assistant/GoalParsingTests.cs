using System.Globalization;
using Saas.Engine.Assistant;

namespace Saas.Engine.Tests.Assistant;

/// <summary>Goals with exact metric, direction, values, unit, currency and horizon, written
/// <c>metric direction unit from→to currency horizon</c> with <c>-</c> for null. The reference date is 15 October
/// 2026: "до конца года" is 3 months (October, November, December).</summary>
public class GoalParsingTests
{
    private static readonly DateOnly Today = new(2026, 10, 15);

    private static string Describe(Goal goal) => string.Join(' ',
        goal.Metric, goal.Direction, goal.Unit,
        $"{Number(goal.From)}→{Number(goal.To)}", goal.Currency ?? "-", goal.HorizonMonths?.ToString(CultureInfo.InvariantCulture) ?? "-");

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "-";

    [Theory]
    [InlineData("Хотим увеличить CR с 15% до 20% за 3 месяца", "cr_lead_to_won Increase Ratio 0.15→0.2 - 3")]
    [InlineData("Хотим увеличить выручку с 10 до 15 млн за квартал", "revenue Increase Money 10000000→15000000 - 3")]
    [InlineData("Поднять конверсию из SQL в сделку с 20 до 25%", "cr_sql_to_won Increase Ratio 0.2→0.25 - -")]
    [InlineData("конверсия MQL→SQL 30% → 40% до конца квартала", "cr_mql_to_sql Increase Ratio 0.3→0.4 - 3")]
    [InlineData("увеличить конверсию из лида в сделку до 5 процентов за полгода", "cr_lead_to_won Increase Ratio -→0.05 - 6")]
    [InlineData("Хотим увеличить CR в продажу до 20%", "cr_lead_to_won Increase Ratio -→0.2 - -")]
    [InlineData("увеличить MQL до 300 в месяц", "mql Increase Count -→300 - -")]
    [InlineData("снизить отток до 3%", "churn_rate Decrease Ratio -→0.03 - -")]
    [InlineData("увеличить пролонгацию до 80%", "renewal_rate Increase Ratio -→0.8 - -")]
    [InlineData("увеличить продления с 40 до 60 в квартал", "renewals Increase Count 40→60 - -")]
    [InlineData("кросс-продажи 2 млн рублей в месяц", "cross_sell_revenue Reach Money -→2000000 RUB -")]
    [InlineData("снизить стоимость лида до 500 руб.", "cpl Decrease Money -→500 RUB -")]
    [InlineData("снизить CPL с 800 ₽ до 600 ₽", "cpl Decrease Money 800→600 RUB -")]
    [InlineData("увеличить выручку с 10 млн на 20% за год", "revenue Increase Money 10000000→12000000 - 12")]
    [InlineData("удвоить MQL с 150 за 6 месяцев", "mql Increase Count 150→300 - 6")]
    [InlineData("поднять CR на 5 п.п. с 15%", "cr_lead_to_won Increase Ratio 0.15→0.2 - -")]
    [InlineData("выйти на выручку 30 000 000 ₽ в месяц", "revenue Reach Money -→30000000 RUB -")]
    [InlineData("выручка 10 млн в месяц", "revenue Reach Money -→10000000 - -")]
    [InlineData("снизить CPL вдвое с 1000 руб", "cpl Decrease Money 1000→500 RUB -")]
    [InlineData("увеличить выручку до 1,5 млн ₽ до конца года", "revenue Increase Money -→1500000 RUB 3")]
    [InlineData("увеличить количество лидов с 1 тыс до 1,5 тыс в месяц", "leads Increase Count 1000→1500 - -")]
    [InlineData("сократить CAC с 12 000 до 9 000 рублей за три месяца", "cac Decrease Money 12000→9000 RUB 3")]
    [InlineData("increase revenue from $1.5M to $2M by the end of the year", "revenue Increase Money 1500000→2000000 USD 3")]
    [InlineData("grow MQLs to 500 per month", "mql Increase Count -→500 - -")]
    [InlineData("lower churn from 5% to 3% in a quarter", "churn_rate Decrease Ratio 0.05→0.03 - 3")]
    [InlineData("hit 30M RUB revenue this year", "revenue Reach Money -→30000000 RUB 3")]
    [InlineData("lead-to-deal conversion from 2% to 3% in 3 months", "cr_lead_to_won Increase Ratio 0.02→0.03 - 3")]
    [InlineData("boost SQL-to-deal CR to 25% by end of quarter", "cr_sql_to_won Increase Ratio -→0.25 - 3")]
    [InlineData("reduce CPL from €40 to €30 in 2 months", "cpl Decrease Money 40→30 EUR 2")]
    [InlineData("raise renewal rate to 90% by the end of the year", "renewal_rate Increase Ratio -→0.9 - 3")]
    [InlineData("conversion rate MQL to SQL from 25% to 35% within a quarter", "cr_mql_to_sql Increase Ratio 0.25→0.35 - 3")]
    [InlineData("cut CAC from 15k to 12k USD within six months", "cac Decrease Money 15000→12000 USD 6")]
    [InlineData("reach 1.2 million euros in cross-sell revenue next quarter", "cross_sell_revenue Reach Money -→1200000 EUR 6")]
    [InlineData("double SQLs from 40 over the next 3 months", "sql Increase Count 40→80 - 3")]
    [InlineData("CR сейчас 15%, хотим 20%", "cr_lead_to_won Increase Ratio 0.15→0.2 - -")]
    [InlineData("Сейчас CPL 900 рублей, хотим 700", "cpl Decrease Money 900→700 RUB -")]
    [InlineData("currently CR is 2%, we want 3% by the end of the year", "cr_lead_to_won Increase Ratio 0.02→0.03 - 3")]
    [InlineData("Цель: отток не выше 2% в месяц", "churn_rate Reach Ratio -→0.02 - -")]
    public void Reads_a_complete_goal(string text, string expected)
    {
        var result = TeamDescriptionParser.Parse(text, Today);
        Assert.Equal(expected, Describe(Assert.Single(result.Goals)));
        Assert.Empty(result.Unrecognized);
    }

    [Theory]
    [InlineData("Снизить CAC на 20% за полгода", "cac Decrease Money -→- - 6")]
    [InlineData("reduce CAC by 15% within six months", "cac Decrease Money -→- - 6")]
    [InlineData("увеличить лиды на 20%", "leads Increase Count -→- - -")]
    [InlineData("увеличить SQL на 30 в течение двух месяцев", "sql Increase Count -→- - 2")]
    [InlineData("поднять CR на 5%", "cr_lead_to_won Increase Ratio -→- - -")]
    [InlineData("поднять CR с 15% на 5%", "cr_lead_to_won Increase Ratio 0.15→- - -")]
    [InlineData("увеличить выручку в 2 раза", "revenue Increase Money -→- - -")]
    [InlineData("увеличить CR до 10% с 15%", "cr_lead_to_won Increase Ratio 0.15→0.1 - -")]
    [InlineData("grow MQL by 25% by the end of the year", "mql Increase Count -→- - 3")]
    [InlineData("увеличить MQL до 300 за 2 недели", "mql Increase Count -→300 - -")]
    public void A_goal_without_a_usable_target_is_returned_and_reported(string text, string expected)
    {
        var result = TeamDescriptionParser.Parse(text, Today);
        Assert.Equal(expected, Describe(Assert.Single(result.Goals)));
        var fragment = Assert.Single(result.Unrecognized);
        Assert.Equal("goal_incomplete", fragment.Reason);
        Assert.Equal(result.Goals[0].Text, fragment.Text);
    }

    [Theory]
    [InlineData("увеличить продажи на 20%")]
    [InlineData("увеличить конверсию из лида в SQL до 10%")]
    [InlineData("Хотим увеличить охват в соцсетях до 20%")]
    [InlineData("improve things by 10%")]
    public void A_goal_without_a_known_metric_is_only_reported(string text)
    {
        var result = TeamDescriptionParser.Parse(text, Today);
        Assert.Empty(result.Goals);
        Assert.Contains(result.Unrecognized, f => f.Reason == "goal_incomplete");
    }

    [Fact]
    public void A_verb_carries_over_and_one_horizon_applies_to_the_whole_sentence()
    {
        var result = TeamDescriptionParser.Parse("Хотим увеличить SAL до 120, а SQL до 80 к концу года", Today);
        Assert.Equal(["sal Increase Count -→120 - 3", "sql Increase Count -→80 - 3"], result.Goals.Select(Describe));
        Assert.Equal(["увеличить SAL до 120", "SQL до 80 к концу года"], result.Goals.Select(g => g.Text));
        Assert.Empty(result.Unrecognized);
    }

    [Fact]
    public void Several_goals_in_one_sentence_keep_their_own_verbs()
    {
        var result = TeamDescriptionParser.Parse(
            "Хотим снизить CPL с 800 до 600 ₽ и увеличить выручку до 1,5 млн руб в месяц до конца года", Today);
        Assert.Equal(["cpl Decrease Money 800→600 RUB 3", "revenue Increase Money -→1500000 RUB 3"], result.Goals.Select(Describe));
    }

    [Theory]
    [InlineData("увеличить MQL до 300 к 1 января", "1 января")]
    [InlineData("увеличить выручку до 300 тыс в 2027 году", "2027 году")]
    [InlineData("grow MQL to 300 by Q4", "Q4")]
    public void A_date_is_not_an_amount(string text, string date)
    {
        var result = TeamDescriptionParser.Parse(text, Today);
        var goal = Assert.Single(result.Goals);
        Assert.Null(goal.From);
        Assert.Equal(date, Assert.Single(result.Unrecognized).Text);
    }

    [Fact]
    public void A_current_value_is_never_a_target()
    {
        var alone = TeamDescriptionParser.Parse("CR из лида в сделку сейчас 2%", Today);
        Assert.Empty(alone.Goals);
        Assert.Equal("goal_incomplete", Assert.Single(alone.Unrecognized).Reason);

        var later = TeamDescriptionParser.Parse("Хочу увеличить выручку на 30% к концу года, сейчас она 5 млн в месяц", Today);
        Assert.Equal("revenue Increase Money 5000000→6500000 - 3", Describe(Assert.Single(later.Goals)));
    }

    [Fact]
    public void A_period_before_the_goal_applies_to_it()
    {
        var result = TeamDescriptionParser.Parse("Нас 6 человек: CMO, 2 маркетолога и 3 SDR. Цель на квартал — 200 SQL.", Today);
        Assert.Equal("sql Reach Count -→200 - 3", Describe(Assert.Single(result.Goals)));
        Assert.Empty(result.Unrecognized);
    }

    [Fact]
    public void Targets_without_a_verb_are_reached()
    {
        var result = TeamDescriptionParser.Parse("Хотим 300 MQL и 50 SQL в месяц", Today);
        Assert.Equal(["mql Reach Count -→300 - -", "sql Reach Count -→50 - -"], result.Goals.Select(Describe));
    }

    [Theory]
    [InlineData("2026-10-15", "до конца года", 3)]
    [InlineData("2026-03-10", "до конца года", 10)]
    [InlineData("2026-12-31", "by the end of the year", 1)]
    [InlineData("2026-05-20", "до конца квартала", 2)]
    [InlineData("2026-05-20", "в следующем квартале", 5)]
    [InlineData("2026-02-01", "до конца полугодия", 5)]
    [InlineData("2026-01-31", "by the end of the month", 1)]
    [InlineData("2026-10-15", "next year", 15)]
    [InlineData("2026-10-15", "за полгода", 6)]
    [InlineData("2026-10-15", "in a year", 12)]
    [InlineData("2026-10-15", "в течение 2 кварталов", 6)]
    [InlineData("2026-10-15", "за полтора года", 18)]
    public void Horizons_count_months_from_the_reference_date(string today, string horizon, int months)
    {
        var result = TeamDescriptionParser.Parse($"увеличить MQL до 300 {horizon}", DateOnly.Parse(today, CultureInfo.InvariantCulture));
        Assert.Equal(months, Assert.Single(result.Goals).HorizonMonths);
        Assert.Empty(result.Unrecognized);
    }

    [Theory]
    [InlineData("выручка 1,5 млн", "1500000")]
    [InlineData("выручка 1.5M", "1500000")]
    [InlineData("выручка 30 000 000", "30000000")]
    [InlineData("выручка 30M RUB", "30000000")]
    [InlineData("выручка 2,5 тыс", "2500")]
    [InlineData("выручка 100k", "100000")]
    [InlineData("выручка 1,2 млрд", "1200000000")]
    [InlineData("revenue 1,500,000", "1500000")]
    [InlineData("revenue $2.5 million", "2500000")]
    [InlineData("выручка миллион рублей", "1000000")]
    [InlineData("выручка полтора миллиона", "1500000")]
    public void Multipliers_apply_to_the_number_they_follow(string text, string to)
    {
        var goal = Assert.Single(TeamDescriptionParser.Parse(text, Today).Goals);
        Assert.Equal(decimal.Parse(to, CultureInfo.InvariantCulture), goal.To);
        Assert.Equal(GoalUnit.Money, goal.Unit);
    }
}
