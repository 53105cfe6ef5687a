using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Text;

namespace Saas.Engine.Plans;

/// <summary>A broken rule: <see cref="Path"/> is the JSON path of the field (<c>assignments[0].components[2].threshold</c>),
/// <see cref="Code"/> a stable machine name, <see cref="Message"/> a sentence for the plan's author.</summary>
public sealed record ValidationError(string Path, string Code, string Message);

/// <summary>Checks a plan on every save. The calculator refuses assignments that fail these rules.</summary>
public static class PlanValidator
{
    /// <summary>With <paramref name="dealAttributes"/> (the tenant's, built-in included), deal rules may name only those
    /// attributes, with values of their types; without, only the built-in ones are checked.</summary>
    public static IReadOnlyList<ValidationError> Validate(PlanDocument plan, IReadOnlyDictionary<string, DealAttributeType>? dealAttributes = null)
    {
        if (PlanShape.Check(plan) is { Count: > 0 } shape)
            return shape;
        var check = new Checker { KnownAttributes = dealAttributes };
        if (string.IsNullOrWhiteSpace(plan.Name))
            check.Error("name", "required", "A plan needs a name.");
        if (!Currency.IsKnown(plan.Currency))
            check.Error("currency", "unknown_currency", $"'{plan.Currency}' is not a supported ISO 4217 currency code.");
        check.Periods(plan.Periods);
        if (plan.Assignments.Count == 0)
            check.Error("assignments", "required", "A plan needs at least one assignment.");
        for (var i = 0; i < plan.Assignments.Count; i++)
            check.Assignment(plan.Assignments[i], $"assignments[{i}]", plan.Periods);
        check.NoOverlappingAssignments(plan.Assignments);
        return check.Errors;
    }

    /// <summary>The rules of one assignment on its own. With <paramref name="planPeriods"/>, also that overrides
    /// and spifs fall in the plan's periods.</summary>
    public static IReadOnlyList<ValidationError> ValidateAssignment(Assignment assignment, string path = "",
        IReadOnlyList<string>? planPeriods = null)
    {
        var check = new Checker();
        check.Assignment(assignment, path, planPeriods);
        return check.Errors;
    }

    private sealed class Checker
    {
        public List<ValidationError> Errors { get; } = [];

        public IReadOnlyDictionary<string, DealAttributeType>? KnownAttributes { get; init; }

        public void Error(string path, string code, string message) => Errors.Add(new(path, code, message));

        public void Periods(IReadOnlyList<string> periods)
        {
            if (periods.Count == 0)
                Error("periods", "required", "A plan needs at least one period.");
            var parsed = new List<(Period Period, int Index)>();
            for (var i = 0; i < periods.Count; i++)
            {
                if (Period.TryParse(periods[i], out var period))
                    parsed.Add((period, i));
                else
                    Error($"periods[{i}]", "invalid_period", $"'{periods[i]}' is not a period; use a month like 2026-11 or a quarter like 2026-Q4.");
            }
            parsed.Sort((a, b) => a.Period.CompareTo(b.Period));
            for (var i = 1; i < parsed.Count; i++)
            {
                var (earlier, later) = (parsed[i - 1], parsed[i]);
                if (later.Period.Start < earlier.Period.EndExclusive)
                    Error($"periods[{Math.Max(earlier.Index, later.Index)}]", "overlapping_period",
                        $"{later.Period} overlaps {earlier.Period}; a plan's periods must not overlap.");
            }
        }

        public void NoOverlappingAssignments(IReadOnlyList<Assignment> assignments)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < assignments.Count; i++)
            {
                var a = assignments[i];
                var (field, key, shown) = a switch
                {
                    { Role: { } role } => ("role", "role:" + role.WireName(), "role " + role.WireName()),
                    { TeamId: { } team } => ("teamId", "team:" + team, "team " + team),
                    { EmployeeId: { } employee } => ("employeeId", "employee:" + employee, "employee " + employee),
                    _ => (null, null, null),
                };
                if (key is null)
                    continue;
                if (seen.TryGetValue(key, out var first))
                    Error($"assignments[{i}].{field}", "overlapping_assignment",
                        $"assignments[{first}] already covers {shown}; give each role, team or employee one assignment.");
                else
                    seen[key] = i;
            }
        }

        public void Assignment(Assignment a, string path, IReadOnlyList<string>? planPeriods)
        {
            var targets = (a.Role is null ? 0 : 1) + (a.TeamId is null ? 0 : 1) + (a.EmployeeId is null ? 0 : 1);
            if (targets != 1)
                Error(path, "assignment_target", "An assignment names exactly one of role, teamId or employeeId.");
            if (a.BaseSalary < 0)
                Error(Join(path, "baseSalary"), "negative", "baseSalary cannot be negative.");
            TargetPay(a, Join(path, "targetVariablePay"), path);
            if (a.MaxVariablePay is not null)
                Amount(a.MaxVariablePay, Join(path, "maxVariablePay"));

            var componentsPath = Join(path, "components");
            if (a.Components.Count == 0)
                Error(componentsPath, "required", "An assignment needs at least one component.");
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < a.Components.Count; j++)
            {
                var component = a.Components[j];
                var at = $"{componentsPath}[{j}]";
                if (string.IsNullOrWhiteSpace(component.Id))
                    Error(Join(at, "id"), "required", "A component needs an id.");
                else if (!ids.Add(component.Id))
                    Error(Join(at, "id"), "duplicate_id", $"Another component of this assignment already has the id '{component.Id}'.");
                Component(component, at, a.Components, planPeriods);
            }
            if (a.Components.OfType<MultiplierComponent>().Count() > MultiplierComponent.MaxPerAssignment)
                Error(componentsPath, "too_many_multipliers",
                    $"At most {MultiplierComponent.MaxPerAssignment} multipliers an assignment: they multiply one another (× 1.2 and × 1.1 pay × 1.32).");
            Weights(a.Components, componentsPath, null);
            Overrides(a, path, planPeriods);
            if (a.Draw?.Amount is <= 0)
                Error(Join(path, "draw.amount"), "not_positive", "A draw guarantees an amount greater than 0.");
            if (a.Clawback?.ChurnWindowDays is < 1 or > 730)
                Error(Join(path, "clawback.churnWindowDays"), "out_of_range", "churnWindowDays is from 1 to 730 days.");
            if (a.Clawback?.ChurnShare is <= 0 or > 1)
                Error(Join(path, "clawback.churnShare"), "out_of_range", "churnShare is the share of the commission a churn takes back, above 0 and at most 1 (0.5 = half).");
            else if (a.Clawback is { ChurnShare: not null, ChurnWindowDays: null })
                Error(Join(path, "clawback.churnShare"), "needs_window", "churnShare applies to churns within churnWindowDays; give the window too.");
        }

        private void TargetPay(Assignment a, string path, string assignmentPath)
        {
            if (a.TargetVariablePay is not { } pay)
            {
                var needing = a.Components.Where(PaysOfTarget).Select(c => $"'{c.Id}'").ToList();
                if (a.MaxVariablePay?.OfTarget is not null)
                    needing.Add("maxVariablePay");
                if (needing.Count > 0)
                    Error(path, "required", "Without targetVariablePay (a commission-only assignment) nothing can pay a share of the target, " +
                        $"as {string.Join(", ", needing)} would; give targetVariablePay or pay them in amounts.");
                return;
            }
            if ((pay.Amount is null) == (pay.OfBase is null))
                Error(path, "exactly_one", "Give exactly one of amount or ofBase (a fraction of the base salary, 0.3 = 30 %).");
            if (pay.Amount < 0)
                Error(Join(path, "amount"), "negative", "The target variable pay cannot be negative.");
            if (pay.OfBase <= 0)
                Error(Join(path, "ofBase"), "not_positive", "ofBase is a fraction of the base salary greater than 0 (0.3 = 30 %).");
            if (pay.OfBase is not null && a.BaseSalary is null)
                Error(Join(assignmentPath, "baseSalary"), "required", "A target set as a share of the base salary needs a reference baseSalary.");
        }

        /// <summary>A component whose pay is a share of the target variable pay: weighted KPIs, steps, and bonuses or caps in <c>ofTarget</c>.</summary>
        private static bool PaysOfTarget(Component c) =>
            c is AttainmentComponent or TeamComponent or StepComponent
            || c is GrowthComponent { Bonus.OfTarget: not null } || c is SpifComponent { Bonus.OfTarget: not null }
            || c.MaxPayout?.OfTarget is not null;

        private void Amount(PayAmount amount, string path)
        {
            if ((amount.Amount is null) == (amount.OfTarget is null))
                Error(path, "exactly_one", "Give exactly one of amount or ofTarget (a fraction of the target variable pay).");
            if (amount.Amount <= 0)
                Error(Join(path, "amount"), "not_positive", "The amount must be greater than 0.");
            if (amount.OfTarget <= 0)
                Error(Join(path, "ofTarget"), "not_positive", "ofTarget must be greater than 0 (0.5 = half the target variable pay).");
        }

        private void Component(Component component, string at, IReadOnlyList<Component> siblings, IReadOnlyList<string>? planPeriods)
        {
            if (component.MaxPayout is not null)
            {
                if (component is GateComponent)
                    Error(Join(at, "maxPayout"), "not_applicable", "A gate pays nothing itself, so it takes no maxPayout.");
                else
                    Amount(component.MaxPayout, Join(at, "maxPayout"));
            }
            switch (component)
            {
                case AttainmentComponent a:
                    AttainmentTerms(a, at);
                    break;
                case TeamComponent t:
                    if (string.IsNullOrWhiteSpace(t.Group))
                        Error(Join(at, "group"), "required", "A team component names the group whose shared value it pays on.");
                    AttainmentTerms(t, at);
                    break;
                case StepComponent s:
                    var stepMetric = Metric(s.Metric, Join(at, "metric"));
                    PlainTarget(s.Target, stepMetric, Join(at, "target"));
                    if (s.Every <= 0)
                        Error(Join(at, "every"), "not_positive", "every (the units per step) must be greater than 0.");
                    StepRate(s.Rate, Join(at, "rate"));
                    if (s.MaxSteps < 1)
                        Error(Join(at, "maxSteps"), "not_positive", "maxSteps must be at least 1; leave it out for no limit.");
                    break;
                case GrowthComponent g:
                    Metric(g.Metric, Join(at, "metric"));
                    if (g.Minimum < 0)
                        Error(Join(at, "minimum"), "negative", "minimum growth cannot be negative.");
                    Amount(g.Bonus, Join(at, "bonus"));
                    break;
                case PerUnitComponent p:
                    CountMetric(p.Metric, Join(at, "metric"));
                    RateOrTiers(p.Rate, p.Tiers, p.TierMode, at, maxRate: null);
                    if (p.Condition is not null)
                        Condition(p.Condition, Join(at, "condition"));
                    break;
                case ShareComponent s:
                    RateOrTiers(s.Rate, s.Tiers, s.TierMode, at, maxRate: 1m);
                    ShareTarget(s, at);
                    DealRules(s, at);
                    break;
                case GateComponent g:
                    Condition(new MetricCondition(g.Metric, g.Operator, g.Value), at);
                    if (g.Factor is < 0 or >= 1)
                        Error(Join(at, "factor"), "out_of_range", "factor is what a failed gate leaves of the gated pay: from 0 (nothing) up to, not including, 1.");
                    Targets(g.AppliesTo, at, siblings, "gate");
                    break;
                case SpifComponent s:
                    Spif(s, at, planPeriods);
                    break;
                case MultiplierComponent m:
                    Multiplier(m, at, siblings, planPeriods);
                    break;
            }
        }

        private void AttainmentTerms(IAttainmentTerms terms, string at)
        {
            var metric = Metric(terms.Metric, Join(at, "metric"));
            AttainmentTarget(terms.Target, metric, Join(at, "target"));
            Weight(terms.Weight, Join(at, "weight"));
            if (terms.Threshold < 0)
                Error(Join(at, "threshold"), "negative", "threshold cannot be negative.");
            else if (terms.Threshold >= 1)
                Error(Join(at, "threshold"), "threshold_not_below_target",
                    $"threshold ({Pct(terms.Threshold.Value)}) must be below the target (100 % attainment); nothing is paid below the threshold.");
            if (terms.Cap < 1)
                Error(Join(at, "cap"), "cap_below_target", $"cap ({Pct(terms.Cap.Value)}) must be at least the target (100 % attainment).");
            if (terms.Curve is not null)
                Curve(terms.Curve, Join(at, "curve"));
        }

        private MetricDefinition? Metric(string key, string path)
        {
            if (MetricCatalogue.TryGet(key, out var definition))
                return definition;
            Error(path, "unknown_metric", $"'{key}' is not a metric of the catalogue ({string.Join(", ", MetricCatalogue.Keys)}).");
            return null;
        }

        private void CountMetric(string key, string path)
        {
            if (Metric(key, path) is { Unit: not MetricUnit.Count } definition)
                Error(path, "not_a_count", $"'{definition.Key}' is not a count; pay per unit needs a count metric such as leads, mql, sql or renewals.");
        }

        private void AttainmentTarget(decimal target, MetricDefinition? metric, string path)
        {
            if (target == 0 && metric is { HigherIsBetter: true })
                Error(path, "zero_target", $"A zero target leaves attainment of '{metric.Key}' undefined; set a target above 0.");
            PlainTarget(target, metric, path);
        }

        private void PlainTarget(decimal target, MetricDefinition? metric, string path)
        {
            if (target < 0)
                Error(path, "negative", "target cannot be negative.");
            MetricValue(target, metric, path);
        }

        private void MetricValue(decimal value, MetricDefinition? metric, string path)
        {
            if (metric?.MaxValue is { } max && value > max)
                Error(path, "above_max",
                    $"'{metric.Key}' is a fraction (0.2 = 20 %); {Inv(value)} is above its maximum of {Inv(max)}.");
        }

        private void Weight(decimal weight, string path)
        {
            if (weight is <= 0 or > 1)
                Error(path, "out_of_range", $"weight ({Inv(weight)}) is a fraction of the target variable pay above 0 and at most 1 (0.6 = 60 %).");
        }

        private void StepRate(decimal rate, string path)
        {
            if (rate is <= 0 or > 1)
                Error(path, "out_of_range", $"rate ({Inv(rate)}) is the fraction of the target variable pay per step, above 0 and at most 1 (0.05 = 5 %).");
        }

        private void Weights(IReadOnlyList<Component> components, string path, string? period)
        {
            var weights = components.OfType<IAttainmentTerms>().Where(t => !t.Additive).Select(t => t.Weight).ToList();
            if (weights.Count == 0)
                return;
            var sum = weights.Sum();
            if (sum != 1)
                Error(path, "weights_sum",
                    $"The weights of the attainment and team components{(period is null ? "" : " in " + period)} add up to {Pct(sum)}; they must add up to 100 % " +
                    "(an additive component, paid on top, is left out).");
        }

        private void Curve(Curve curve, string path)
        {
            if (curve.Mode is CurveMode.Marginal or CurveMode.Flat)
            {
                Tiers(curve.Tiers, curve.Mode == CurveMode.Flat ? TierMode.Flat : TierMode.Marginal, Join(path, "tiers"), null);
                if (curve.Points is not null)
                    Error(Join(path, "points"), "not_applicable", "Tiered curves take tiers, not points.");
                return;
            }
            if (curve.Tiers is not null)
                Error(Join(path, "tiers"), "not_applicable", $"A {Wire(curve.Mode)} curve takes no tiers.");
            if (curve.Mode == CurveMode.Linear)
            {
                if (curve.Points is not null)
                    Error(Join(path, "points"), "not_applicable", "A linear curve takes no points.");
                return;
            }
            var points = curve.Points ?? [];
            if (points.Count < 2)
                Error(Join(path, "points"), "too_few_points", "An interpolated curve needs at least two points.");
            for (var i = 0; i < points.Count; i++)
            {
                var at = $"{Join(path, "points")}[{i}]";
                if (points[i].Attainment < 0)
                    Error(Join(at, "attainment"), "negative", "attainment cannot be negative.");
                if (points[i].Payout < 0)
                    Error(Join(at, "payout"), "negative", "payout cannot be negative.");
                if (i == 0)
                    continue;
                if (points[i].Attainment <= points[i - 1].Attainment)
                    Error(Join(at, "attainment"), "not_increasing", "Points must be in increasing order of attainment.");
                if (points[i].Payout < points[i - 1].Payout)
                    Error(Join(at, "payout"), "decreasing", "A point may not pay less than the one before it: more attainment would earn less.");
            }
        }

        private void Tiers(IReadOnlyList<Tier>? tiers, TierMode mode, string path, decimal? maxRate)
        {
            if (tiers is null || tiers.Count == 0)
            {
                Error(path, "required", "Give at least one tier.");
                return;
            }
            if (tiers[0].From != 0)
                Error($"{path}[0].from", "first_tier_not_zero", "The first tier starts at 0.");
            for (var i = 0; i < tiers.Count; i++)
            {
                var at = $"{path}[{i}]";
                if (tiers[i].Rate < 0)
                    Error(Join(at, "rate"), "negative", "A rate cannot be negative.");
                else if (tiers[i].Rate > maxRate)
                    Error(Join(at, "rate"), "above_max", $"rate ({Inv(tiers[i].Rate)}) is a fraction at most {Inv(maxRate.Value)} (0.05 = 5 %).");
                if (i == 0)
                    continue;
                if (tiers[i].From <= tiers[i - 1].From)
                    Error(Join(at, "from"), "not_increasing", "Tiers must be in increasing order of from.");
                if (mode == TierMode.Flat && tiers[i].Rate < tiers[i - 1].Rate)
                    Error(Join(at, "rate"), "decreasing",
                        "In flat mode a higher tier may not pay a lower rate: reaching it would lower the whole payout.");
            }
        }

        private void RateOrTiers(decimal? rate, IReadOnlyList<Tier>? tiers, TierMode mode, string at, decimal? maxRate)
        {
            if ((rate is null) == (tiers is null))
            {
                Error(Join(at, "rate"), "rate_or_tiers", "Give exactly one of rate or tiers.");
                return;
            }
            if (rate < 0)
                Error(Join(at, "rate"), "negative", "rate cannot be negative.");
            else if (rate > maxRate)
                Error(Join(at, "rate"), "above_max", $"rate ({Inv(rate.Value)}) is a fraction at most {Inv(maxRate.Value)} (0.05 = 5 %).");
            if (tiers is not null)
                Tiers(tiers, mode, Join(at, "tiers"), maxRate);
        }

        private void ShareTarget(ShareComponent s, string at)
        {
            if (s.Target <= 0)
                Error(Join(at, "target"), "not_positive", "target must be greater than 0.");
            if (s.TierBasis is TierBasis.PerDeal or TierBasis.Total && s.Target is not null)
                Error(Join(at, "target"), "not_applicable", "Per-deal and total tiers are on money (a deal's value, the period's total); a target applies only to cumulative tiers.");
            if (s.TierBasis == TierBasis.Cumulative && s.Tiers is not null && s.Target is null)
                Error(Join(at, "target"), "required", "Cumulative tiers are on attainment, so they need the period's target of the measure.");
        }

        private void DealRules(ShareComponent s, string at)
        {
            if (s.DealRules is not { } rules)
                return;
            var path = Join(at, "dealRules");
            if (rules.Count == 0)
                Error(path, "required", "dealRules lists at least one rule; leave it out for none.");
            else if (s.TierBasis != TierBasis.PerDeal)
                Error(path, "per_deal_only", "Deal rules set a deal's own rate or multiplier, so they need tierBasis per_deal.");
            for (var r = 0; r < rules.Count; r++)
            {
                var rule = rules[r];
                var ruleAt = $"{path}[{r}]";
                if (rule.Label is { } label && string.IsNullOrWhiteSpace(label))
                    Error(Join(ruleAt, "label"), "blank", "A label names the rule on statement lines; leave it out rather than blank.");
                if ((rule.Rate is null) == (rule.Multiplier is null))
                    Error(Join(ruleAt, "rate"), "rate_or_multiplier", "Give exactly one of rate (the deal's rate instead of the component's) or multiplier.");
                if (rule.Rate is < 0 or > 1)
                    Error(Join(ruleAt, "rate"), "out_of_range", $"rate ({Inv(rule.Rate.Value)}) is a fraction from 0 to 1 (0.05 = 5 %).");
                if (rule.Multiplier is < 0 or > DealRule.MaxMultiplier)
                    Error(Join(ruleAt, "multiplier"), "out_of_range",
                        $"multiplier ({Inv(rule.Multiplier.Value)}) is from 0 (the deal pays nothing) to {Inv(DealRule.MaxMultiplier)}.");
                if (rule.When.Count == 0)
                    Error(Join(ruleAt, "when"), "required", "A rule needs at least one condition; a rate for every deal is the component's rate.");
                for (var c = 0; c < rule.When.Count; c++)
                    DealCondition(rule.When[c], $"{Join(ruleAt, "when")}[{c}]");
            }
        }

        private void DealCondition(DealCondition condition, string at)
        {
            if (!DealAttributes.KeyPattern().IsMatch(condition.Attribute))
            {
                Error(Join(at, "attribute"), "invalid_attribute", $"An attribute key is {DealAttributes.KeyRule}.");
                return;
            }
            var known = KnownAttributes ?? DealAttributes.BuiltInByKey;
            if (!known.TryGetValue(condition.Attribute, out var type))
            {
                if (KnownAttributes is not null)
                    Error(Join(at, "attribute"), "unknown_attribute", DealAttributes.Unknown(condition.Attribute, known));
                return;
            }
            if (condition.Operator == AttributeOperator.In)
            {
                if (condition.Value is not null || condition.Values is not { Count: > 0 })
                    Error(Join(at, "values"), "required", "The operator in takes values (a list), not value.");
            }
            else if (condition.Values is not null || condition.Value is null)
                Error(Join(at, "value"), "required", $"The operator {Wire(condition.Operator)} takes one value, not values.");
            else if (condition.Operator is not (AttributeOperator.Is or AttributeOperator.IsNot) && condition.Value.Value.Type != DealAttributeType.Number)
                Error(Join(at, "value"), "not_a_number", $"{Wire(condition.Operator)} compares numbers; the value must be a number.");
            foreach (var value in condition.Given())
                if (DealAttributes.Problem(condition.Attribute, type, value) is { } problem)
                    Error(Join(at, condition.Values is null ? "value" : "values"), "wrong_type", problem);
        }

        private void Condition(MetricCondition condition, string at)
        {
            var metric = Metric(condition.Metric, Join(at, "metric"));
            if (condition.Value < 0)
                Error(Join(at, "value"), "negative", "value cannot be negative.");
            MetricValue(condition.Value, metric, Join(at, "value"));
        }

        private void Targets(IReadOnlyList<string>? appliesTo, string at, IReadOnlyList<Component> siblings, string kind)
        {
            if (appliesTo is null)
                return;
            if (appliesTo.Count == 0)
                Error(Join(at, "appliesTo"), "required", $"appliesTo lists at least one component; leave it out to apply the {kind} to every component.");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var k = 0; k < appliesTo.Count; k++)
            {
                var id = appliesTo[k];
                var path = $"{Join(at, "appliesTo")}[{k}]";
                var target = siblings.FirstOrDefault(c => c.Id == id);
                if (target is null)
                    Error(path, "unknown_component", $"No component of this assignment has the id '{id}'.");
                else if (target is GateComponent or MultiplierComponent)
                    Error(path, kind == "gate" && target is GateComponent ? "gate_on_gate" : "not_paying",
                        $"'{id}' is a {Wire(target.Kind)}; a {kind} applies to paying components only.");
                if (!seen.Add(id))
                    Error(path, "duplicate_id", $"'{id}' is listed twice.");
            }
        }

        private void Multiplier(MultiplierComponent m, string at, IReadOnlyList<Component> siblings, IReadOnlyList<string>? planPeriods)
        {
            if (m.Factor is <= 1 or > MultiplierComponent.MaxFactor)
                Error(Join(at, "factor"), "out_of_range",
                    $"factor ({Inv(m.Factor)}) raises pay: above 1 (1.2 = 20 % more) and at most {Inv(MultiplierComponent.MaxFactor)}. A gate lowers pay.");
            if (m.Periods is { Count: 0 })
                Error(Join(at, "periods"), "required", "periods lists at least one period; leave it out to apply the multiplier in every period.");
            for (var k = 0; k < (m.Periods?.Count ?? 0); k++)
            {
                var period = m.Periods![k];
                KnownPeriod(period, $"{Join(at, "periods")}[{k}]", planPeriods);
            }
            if (m.Condition is not null)
                Condition(m.Condition, Join(at, "condition"));
            Targets(m.AppliesTo, at, siblings, "multiplier");
        }

        private void Spif(SpifComponent s, string at, IReadOnlyList<string>? planPeriods)
        {
            var metric = Metric(s.Metric, Join(at, "metric"));
            if (s.To < s.From)
                Error(Join(at, "to"), "before_from", "to (the last day, inclusive) cannot be before from.");
            else if (planPeriods is not null && !planPeriods.Any(p => Period.TryParse(p, out var period) && period.Contains(s.To)))
                Error(Join(at, "to"), "outside_plan", "A spif is paid in the period that contains its last day, and none of the plan's periods does.");
            if ((s.Bonus is null) == (s.PerUnit is null))
                Error(Join(at, "bonus"), "bonus_or_per_unit", "Give exactly one of bonus or perUnit.");
            if (s.Bonus is not null)
            {
                Amount(s.Bonus, Join(at, "bonus"));
                if (s.Target is null)
                    Error(Join(at, "target"), "required", "A spif bonus is paid on reaching a target; give the target.");
            }
            if (s.PerUnit is not null)
            {
                if (s.PerUnit < 0)
                    Error(Join(at, "perUnit"), "negative", "perUnit cannot be negative.");
                if (metric is { Unit: not MetricUnit.Count })
                    Error(Join(at, "metric"), "not_a_count", $"'{metric.Key}' is not a count; pay per unit needs a count metric.");
            }
            if (s.Target is { } target)
                PlainTarget(target, metric, Join(at, "target"));
        }

        private void Overrides(Assignment a, string path, IReadOnlyList<string>? planPeriods)
        {
            var seen = new HashSet<(string, string)>();
            var periodsWithWeights = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var k = 0; k < a.Overrides.Count; k++)
            {
                var change = a.Overrides[k];
                var at = $"{Join(path, "overrides")}[{k}]";
                KnownPeriod(change.Period, Join(at, "period"), planPeriods);
                if (!seen.Add((change.Period, change.Component)))
                    Error(at, "duplicate_override", $"'{change.Component}' is already overridden for {change.Period}; merge the two.");
                var component = a.Components.FirstOrDefault(c => c.Id == change.Component);
                if (component is null)
                {
                    Error(Join(at, "component"), "unknown_component", $"No component of this assignment has the id '{change.Component}'.");
                    continue;
                }
                var set = new List<string>();
                if (change.Weight is not null) set.Add("weight");
                if (change.Target is not null) set.Add("target");
                if (change.Rate is not null) set.Add("rate");
                if (change.Curve is not null) set.Add("curve");
                if (set.Count == 0)
                    Error(at, "empty_override", "An override sets at least one of weight, target, rate or curve.");
                var allowed = SeasonalOverrides.FieldsFor(component.Kind);
                foreach (var field in set.Where(f => !allowed.Contains(f)))
                    Error(Join(at, field), "not_overridable",
                        $"A {Wire(component.Kind)} component's {field} cannot be overridden" +
                        (allowed.Count == 0 ? "." : $"; it takes {string.Join(", ", allowed)}."));
                if (set.Any(f => !allowed.Contains(f)))
                    continue;

                MetricCatalogue.TryGet((component as IAttainmentTerms)?.Metric ?? (component as StepComponent)?.Metric, out var metric);
                if (change.Weight is { } weight)
                {
                    Weight(weight, Join(at, "weight"));
                    periodsWithWeights.TryAdd(change.Period, Join(at, "weight"));
                }
                if (change.Target is { } target)
                {
                    if (component is ShareComponent share)
                        ShareTarget(share with { Target = target }, at);
                    else if (component is StepComponent)
                        PlainTarget(target, metric, Join(at, "target"));
                    else
                        AttainmentTarget(target, metric, Join(at, "target"));
                }
                if (change.Rate is { } rate)
                {
                    if (component is StepComponent)
                        StepRate(rate, Join(at, "rate"));
                    else
                        RateOrTiers(rate, null, TierMode.Marginal, at, component is ShareComponent ? 1m : null);
                }
                if (change.Curve is not null)
                    Curve(change.Curve, Join(at, "curve"));
            }
            foreach (var (period, weightPath) in periodsWithWeights)
                Weights(SeasonalOverrides.ForPeriod(a, period).Components, weightPath, period);
        }

        private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

        private static string Inv(decimal value) => NumberText.Invariant(value);

        private static string Pct(decimal fraction) => NumberText.Invariant(fraction * 100) + " %";

        /// <summary>A period a multiplier or an override names: one of the plan's, or (checked without the plan) a period at all.</summary>
        private void KnownPeriod(string period, string path, IReadOnlyList<string>? planPeriods)
        {
            if (planPeriods is not null ? !planPeriods.Contains(period) : !Period.TryParse(period, out _))
                Error(path, "unknown_period", $"'{period}' is not one of the plan's periods.");
        }

        private static string Wire<T>(T value) where T : struct, Enum => WireNames.ToWire(value.ToString());
    }
}
