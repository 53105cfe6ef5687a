using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Generation;

/// <summary>The rules behind <see cref="GenerationRequest.Validate"/>.</summary>
internal static class RequestValidator
{
    public static IReadOnlyList<ValidationError> Validate(GenerationRequest request)
    {
        var errors = new List<ValidationError>();
        void Error(string path, string code, string message) => errors.Add(new(path, code, message));

        if (!Enum.IsDefined(request.Language))
            Error("language", "unknown_language", "language is ru or en.");
        var currencyKnown = Currency.IsKnown(request.Currency);
        if (!currencyKnown)
            Error("currency", "unknown_currency", $"'{request.Currency}' is not a supported ISO 4217 currency code.");
        var moneyDefaults = currencyKnown && GenerationDefaults.HasMoneyDefaults(request.Currency);
        var noDefaults = $"there are no default amounts in {request.Currency} (only RUB, USD and EUR)";

        if (request.Team.Count == 0)
            Error("team", "required", "Describe the team: at least one role with a count.");
        var roles = new HashSet<Role>();
        for (var i = 0; i < request.Team.Count; i++)
        {
            var member = request.Team[i];
            var at = $"team[{i}]";
            if (!Enum.IsDefined(member.Role))
                Error($"{at}.role", "unknown_role", $"Unknown role {(int)member.Role}.");
            else if (!roles.Add(member.Role))
                Error($"{at}.role", "duplicate_role", $"{member.Role.WireName()} is listed twice; give each role one entry with its count.");
            if (member.Count < 1)
                Error($"{at}.count", "not_positive", "count is the number of people in the role, at least 1.");
            if (member.BaseSalary < 0)
                Error($"{at}.baseSalary", "negative", "baseSalary cannot be negative.");
            if (member.BaseSalary is null && currencyKnown && !moneyDefaults)
                Error($"{at}.baseSalary", "required", $"Give the base salary: {noDefaults}.");
        }

        Periods(request.Periods, Error);
        Economics(request.Economics, Error);
        if (currencyKnown && !moneyDefaults)
        {
            if (request.Economics.AverageDealSize is null)
                Error("economics.averageDealSize", "required", $"Give the average deal size: {noDefaults}.");
            if (request.Economics.CurrentCpl is null && request.Economics.MonthlyMarketingBudget is null)
                Error("economics.currentCpl", "required", $"Give the current CPL or the monthly marketing budget: {noDefaults}.");
        }

        var scheme = request.Economics.LeadGeneratorScheme ?? GenerationDefaults.Scheme;
        var metrics = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Goals.Count; i++)
            Goal(request.Goals[i], $"goals[{i}]", roles, scheme, metrics, Error);
        for (var i = 0; i < request.Adjustments.Count; i++)
            Adjustment(request.Adjustments[i], $"adjustments[{i}]", roles, Error);
        return errors;
    }

    private static void Adjustment(PlanAdjustment adjustment, string at, IReadOnlySet<Role> roles, Action<string, string, string> error)
    {
        if (!Enum.IsDefined(adjustment.Kind))
        {
            error($"{at}.kind", "unknown_kind", "kind is weight, add_kpi, remove_kpi, threshold, cap, accelerator or seasonal.");
            return;
        }
        if (!roles.Contains(adjustment.Role))
            error($"{at}.role", "not_in_team", $"The team has no {adjustment.Role.WireName()}.");
        if (string.IsNullOrWhiteSpace(adjustment.Metric) || adjustment.Metric.Length > 64)
            error($"{at}.metric", "required", "metric is a metric key or a component id, at most 64 characters.");
        else if (adjustment.Kind == AdjustmentKind.AddKpi && !Inputs.CanTarget(adjustment.Metric))
            error($"{at}.metric", "not_targetable", $"'{adjustment.Metric}' is not a metric the generator can set a target for.");

        var (low, high, what) = adjustment.Kind switch
        {
            AdjustmentKind.Weight => (0.01m, 0.99m, "a weight between 0.01 and 0.99"),
            AdjustmentKind.Threshold => (0.01m, 1m, "an attainment between 0.01 and 1 (0.8 = 80 %)"),
            AdjustmentKind.Cap => (1m, 3m, "an attainment between 1 and 3 (1.5 = 150 %)"),
            AdjustmentKind.Accelerator => (1.01m, 3m, "a rate above 1 and at most 3 (1.5 = one and a half)"),
            AdjustmentKind.Seasonal => (0.01m, 0.5m, "a weight added, between 0.01 and 0.5"),
            _ => (0m, 0m, ""),
        };
        if (what.Length > 0 && adjustment.Value is null)
            error($"{at}.value", "required", $"value is {what}.");
        else if (what.Length > 0 && (adjustment.Value < low || adjustment.Value > high))
            error($"{at}.value", "out_of_range", $"value is {what}.");
        if (adjustment.Kind == AdjustmentKind.Seasonal && (adjustment.Months.Count == 0 || adjustment.Months.Any(m => m is < 1 or > 12)))
            error($"{at}.months", "out_of_range", "months are calendar months, 1 to 12, at least one.");
    }

    private static void Periods(IReadOnlyList<string> periods, Action<string, string, string> error)
    {
        if (periods.Count == 0)
            error("periods", "required", "Give at least one month to plan, like 2026-12.");
        if (periods.Count > GenerationPolicy.MaxPeriods)
            error("periods", "too_many", $"A generated plan covers at most {GenerationPolicy.MaxPeriods} months; {periods.Count} were given.");
        Period? previous = null;
        for (var i = 0; i < periods.Count; i++)
        {
            if (!Period.TryParse(periods[i], out var period))
            {
                error($"periods[{i}]", "invalid_period", $"'{periods[i]}' is not a month like 2026-12.");
                continue;
            }
            if (period.Kind != PeriodKind.Month)
            {
                error($"periods[{i}]", "not_a_month", $"{period} is a quarter; the generator ramps targets month by month, so give its months.");
                continue;
            }
            if (previous is { } before && period.CompareTo(before) <= 0)
                error($"periods[{i}]", "not_increasing", $"{period} does not come after {before}; list each month once, in order.");
            previous = period;
        }
    }

    private static void Economics(Economics e, Action<string, string, string> error)
    {
        void Fraction(decimal? value, string field)
        {
            if (value is <= 0 or > 1)
                error($"economics.{field}", "out_of_range", $"{field} is a fraction above 0 and at most 1 (0.3 = 30 %), not {NumberText.Invariant(value.Value)}.");
        }

        void Positive(decimal? value, string field)
        {
            if (value <= 0)
                error($"economics.{field}", "not_positive", $"{field} must be greater than 0.");
        }

        Fraction(e.GrossMargin, "grossMargin");
        Fraction(e.CrLeadToMql, "crLeadToMql");
        Fraction(e.CrMqlToSql, "crMqlToSql");
        Fraction(e.CrMqlToSal, "crMqlToSal");
        Fraction(e.CrSalToSql, "crSalToSql");
        Fraction(e.CrSqlToWon, "crSqlToWon");
        Positive(e.AverageDealSize, "averageDealSize");
        Positive(e.MonthlyLeads, "monthlyLeads");
        Positive(e.MonthlyMql, "monthlyMql");
        Positive(e.MonthlySql, "monthlySql");
        Positive(e.MonthlyDeals, "monthlyDeals");
        Positive(e.MonthlyMarketingBudget, "monthlyMarketingBudget");
        Positive(e.MaxCpl, "maxCpl");
        Positive(e.CurrentCpl, "currentCpl");
        if (e.LeadGeneratorScheme is { } scheme && !Enum.IsDefined(scheme))
            error("economics.leadGeneratorScheme", "unknown_scheme", "leadGeneratorScheme is own_product, client_budget or own_budget.");
        var seen = new HashSet<Role>();
        for (var i = 0; i < e.VariableShares.Count; i++)
        {
            var share = e.VariableShares[i];
            var at = $"economics.variableShares[{i}]";
            if (!seen.Add(share.Role))
                error($"{at}.role", "duplicate_role", $"{share.Role.WireName()} already has a variable share.");
            if (share.Share is <= 0 or > 2)
                error($"{at}.share", "out_of_range", "share is the target variable pay as a fraction of the base salary, above 0 and at most 2 (0.4 = 40 %).");
        }
    }

    private static void Goal(Goal goal, string at, IReadOnlySet<Role> roles, LeadGeneratorScheme scheme, HashSet<string> seen,
        Action<string, string, string> error)
    {
        if (!MetricCatalogue.TryGet(goal.Metric, out var metric))
        {
            error($"{at}.metric", "unknown_metric", $"'{goal.Metric}' is not a metric of the catalogue.");
            return;
        }
        if (!seen.Add(goal.Metric))
            error($"{at}.metric", "duplicate_goal", $"Another goal is already on '{goal.Metric}'; merge the two.");
        var owners = MetricOwners.Of(goal.Metric, scheme);
        if (owners.Count == 0)
            error($"{at}.metric", "not_ownable", $"Nobody is paid for '{goal.Metric}' (it is an input of the funnel); give it in economics instead.");
        else if (!owners.Any(roles.Contains))
            error($"{at}.metric", "no_owner",
                $"No role of the team can own '{goal.Metric}'; it belongs to {string.Join(", ", owners.Select(r => r.WireName()))}.");

        var expected = metric.Unit switch
        {
            MetricUnit.Ratio => GoalUnit.Ratio,
            MetricUnit.Money => GoalUnit.Money,
            _ => GoalUnit.Count,
        };
        if (goal.Unit != expected)
            error($"{at}.unit", "unit_mismatch", $"'{goal.Metric}' is measured as {expected.ToString().ToLowerInvariant()}, not {goal.Unit.ToString().ToLowerInvariant()}.");
        if (goal.To is not { } to)
        {
            error($"{at}.to", "required", "A goal needs the value to reach.");
            return;
        }
        if (to < 0)
            error($"{at}.to", "negative", "to cannot be negative.");
        else if (to == 0 && metric.HigherIsBetter)
            error($"{at}.to", "not_positive", $"A goal of 0 on '{goal.Metric}' asks for nothing; give a value above 0.");
        if (goal.From < 0)
            error($"{at}.from", "negative", "from cannot be negative.");
        if (metric.MaxValue is { } max)
        {
            if (to > max)
                error($"{at}.to", "above_max", $"'{goal.Metric}' is a fraction (0.2 = 20 %); {NumberText.Invariant(to)} is above {NumberText.Invariant(max)}.");
            if (goal.From > max)
                error($"{at}.from", "above_max", $"'{goal.Metric}' is a fraction (0.2 = 20 %); {NumberText.Invariant(goal.From.Value)} is above {NumberText.Invariant(max)}.");
        }
        if (goal.HorizonMonths is < 1 or > 60)
            error($"{at}.horizonMonths", "out_of_range", "horizonMonths is between 1 and 60.");
        if (!Enum.IsDefined(goal.Direction))
            error($"{at}.direction", "unknown_direction", "direction is increase, decrease or reach.");
        else if (goal.From is { } from && goal.Direction != GoalDirection.Reach)
        {
            var up = goal.Direction == GoalDirection.Increase;
            if (up ? to < from : to > from)
                error($"{at}.to", "against_direction",
                    $"An {(up ? "increase" : "decrease")} from {NumberText.Invariant(from)} to {NumberText.Invariant(to)} goes the other way.");
        }
        if (goal.Currency is { } currency && !Currency.IsKnown(currency))
            error($"{at}.currency", "unknown_currency", $"'{currency}' is not a supported ISO 4217 currency code.");
    }
}
