using Saas.Engine.Common;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Engine.Generation;

/// <summary>Proposes a KPI-and-bonus plan from a team, goals and economics. Pure and deterministic: the same request gives
/// the same plan, byte for byte, on every machine (no clock, no randomness, no culture, no dictionary order).</summary>
public static class PlanGenerator
{
    /// <exception cref="ArgumentException">The request fails <see cref="GenerationRequest.Validate"/>; callers validate
    /// first and answer the errors as a 400.</exception>
    public static GeneratedPlan Generate(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        if (errors.Count > 0)
            throw new ArgumentException("The generation request is not valid: " +
                string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")), nameof(request));

        var inputs = new Inputs(request);
        var (driver, current, months) = Funnel.Build(inputs);
        var funnel = Funnel.Describe(inputs, driver, current, months);
        var targets = new TargetSource(inputs, current, months);

        var roles = inputs.Team.Select(member => DesignRole(member, targets)).ToList();
        var document = new PlanDocument
        {
            Name = request.Name ?? inputs.W.Say($"План KPI и премий {request.Periods[0]} — {request.Periods[^1]}",
                $"KPI and bonus plan {request.Periods[0]} to {request.Periods[^1]}"),
            Description = request.Goals.Count == 0
                ? null
                : inputs.W.Say("Цели: ", "Goals: ") + string.Join("; ", request.Goals.Select(g => g.Text)),
            Currency = request.Currency,
            Periods = inputs.Periods.Select(p => p.ToString()).ToList(),
            Assignments = roles.Select(r => r.Assignment).ToList(),
        };
        var cost = CostEstimator.Estimate(targets, roles);
        return new GeneratedPlan
        {
            Document = document,
            Roles = roles.Select(r => r.Proposal).ToList(),
            Funnel = funnel,
            Smart = roles.SelectMany(r => r.Drafts.Select(d => Smart.Check(inputs, r.Member.Role, d))).ToList(),
            Cost = cost,
            Assumptions = [.. inputs.Assumptions],
            Warnings = [.. inputs.Warnings],
        };
    }

    private static DesignedRole DesignRole(TeamRole member, TargetSource t)
    {
        var inputs = t.Inputs;
        var w = inputs.W;
        var role = member.Role;
        var drafts = RoleTemplates.For(role, t);
        foreach (var goal in inputs.Goals.Where(g => MetricOwners.Of(g.Goal.Metric, inputs.Scheme).Contains(role)))
            MergeGoal(drafts, goal, role, t);
        drafts = Normalize(drafts);
        foreach (var adjustment in inputs.Request.Adjustments.Where(a => a.Role == role && a.Kind != AdjustmentKind.Seasonal))
            drafts = Adjustments.Apply(drafts, adjustment, t);

        var commission = role == Role.LeadGenerator && inputs.Scheme != LeadGeneratorScheme.OwnProduct;
        var ownBudget = role == Role.LeadGenerator && inputs.Scheme == LeadGeneratorScheme.OwnBudget;
        var baseSalary = member.BaseSalary ?? (ownBudget ? 0m : GenerationDefaults.BaseSalary(role, inputs.Currency));
        if (member.BaseSalary is null)
            inputs.Assume($"base_salary.{role.WireName()}", NumberText.Invariant(baseSalary),
                ownBudget
                    ? "Оклад лидогенератора не указан: при работе на собственный бюджет оклада нет, только фикс за лид и процент (статья о лидогенераторах)."
                    : $"Оклад ({w.Role(role)}) не указан: {w.Money(baseSalary)} в месяц — типичный для роли.",
                ownBudget
                    ? "No lead-generator salary given: on the own budget there is none, only pay per lead and a share (seed on lead generators)."
                    : $"No base salary for the {w.Role(role)} given: {w.Money(baseSalary)} a month, typical for the role.");
        var givenShare = inputs.Request.Economics.VariableShares.FirstOrDefault(s => s.Role == role)?.Share;
        var share = givenShare ?? GenerationDefaults.VariableShare(role);
        var fixedPay = ownBudget && baseSalary == 0;
        if (givenShare is null && !fixedPay)
            inputs.Assume($"variable_share.{role.WireName()}", NumberText.Invariant(share),
                $"Доля переменной части ({w.Role(role)}) не указана: {w.Pct(share)} оклада — продажи 40 %, маркетинг 20–25 %, руководители 30 %.",
                $"No variable share for the {w.Role(role)} given: {w.Pct(share)} of base — sales 40 %, marketing 20–25 %, heads 30 %.");
        var targetPay = fixedPay ? ExpectedCommission(drafts, role, t) : inputs.RoundMoney(baseSalary * share);

        var components = drafts.Select(d => ToComponent(d, w)).ToList();
        var periods = inputs.Periods.Select(p => p.ToString()).ToList();
        var overrides = new List<ComponentOverride>();
        for (var k = 1; k < periods.Count; k++)
        {
            foreach (var d in drafts.Where(d => d.Kind is ComponentKind.Attainment or ComponentKind.Team or ComponentKind.Step))
            {
                if (d.Targets[k] != d.Targets[0])
                    overrides.Add(new ComponentOverride { Period = periods[k], Component = d.Id, Target = d.Targets[k] });
            }
        }
        foreach (var season in inputs.Request.Adjustments.Where(a => a.Role == role && a.Kind == AdjustmentKind.Seasonal))
            Adjustments.Seasonal(drafts, overrides, season, inputs);
        var assignment = new Assignment
        {
            Role = role,
            BaseSalary = Funnel.Trim(baseSalary),
            TargetVariablePay = fixedPay ? new TargetVariablePay { Amount = targetPay } : new TargetVariablePay { OfBase = share },
            MaxVariablePay = commission ? null : PayAmount.TargetShare(GenerationPolicy.MaxVariablePayOfTarget),
            Components = components,
            Overrides = overrides,
        };
        var proposal = new RoleProposal
        {
            Role = role,
            Count = member.Count,
            BaseSalary = Funnel.Trim(baseSalary),
            TargetVariableShare = fixedPay ? null : share,
            TargetVariablePay = Funnel.Trim(targetPay),
            Kpis = drafts.Select(d => Explain(d, role, t, periods)).ToList(),
        };
        return new DesignedRole(member, drafts, assignment, proposal);
    }

    /// <summary>A goal's metric joins the role's KPIs: the template's KPI on the metric takes the goal's targets; otherwise
    /// the goal replaces a KPI of the same family (a conversion for a conversion); otherwise it is added with
    /// <see cref="GenerationPolicy.GoalWeight"/> and the other weights shrink in proportion.</summary>
    private static void MergeGoal(List<Draft> drafts, GoalPlan goal, Role role, TargetSource t)
    {
        var metric = goal.Goal.Metric;
        var series = t.Series(role, metric);
        var current = goal.Goal.From is { } from ? t.PerPerson(role, metric, from) : t.Current(role, metric);
        for (var i = 0; i < drafts.Count; i++)
        {
            if (drafts[i].Kind == ComponentKind.Step && drafts[i].Metric == metric)
                drafts[i] = drafts[i] with { Goal = goal, Targets = series, Current = current };
        }
        var same = drafts.FindIndex(d => d.Weighted && d.Metric == metric);
        if (same >= 0)
        {
            drafts[same] = drafts[same] with { Goal = goal, Targets = series, Current = current };
            return;
        }
        var family = Draft.FamilyOf(metric);
        var cap = Inputs.IsFlow(goal.Metric) ? GenerationPolicy.VolumeCap : GenerationPolicy.RatioCap;
        var kin = family is null ? -1 : drafts.FindIndex(d => d.Kind == ComponentKind.Attainment && d.Family == family && d.Goal is null);
        if (kin >= 0)
        {
            drafts[kin] = drafts[kin] with
            {
                Id = metric,
                Metric = metric,
                Targets = series,
                Current = current,
                Goal = goal,
                Cap = cap,
                Why = new LocalizedText("", ""),
            };
            return;
        }
        var weighted = drafts.Where(d => d.Weighted).ToList();
        var weight = weighted.Count == 0 ? 1m : GenerationPolicy.GoalWeight;
        for (var i = 0; i < drafts.Count; i++)
        {
            if (drafts[i].Weighted)
                drafts[i] = drafts[i] with { Weight = drafts[i].Weight * (1m - weight) };
        }
        drafts.Insert(0, new Draft
        {
            Id = metric,
            Metric = metric,
            Kind = ComponentKind.Attainment,
            Weight = weight,
            Threshold = GenerationPolicy.Threshold,
            Cap = cap,
            Targets = series,
            Current = current,
            Why = new LocalizedText("", ""),
            Goal = goal,
            Family = family,
        });
    }

    /// <summary>Weights in whole percents that add up to exactly 1; the largest absorbs the rounding.</summary>
    private static List<Draft> Normalize(List<Draft> drafts)
    {
        var rounded = drafts.Select(d => d.Weighted ? d with { Weight = Math.Max(0.01m, Math.Round(d.Weight!.Value, 2, MidpointRounding.AwayFromZero)) } : d).ToList();
        var weighted = rounded.Where(d => d.Weighted).ToList();
        if (weighted.Count == 0)
            return rounded;
        var rest = 1m - weighted.Sum(d => d.Weight!.Value);
        var largest = rounded.IndexOf(weighted.MaxBy(d => d.Weight!.Value)!);
        rounded[largest] = rounded[largest] with { Weight = rounded[largest].Weight + rest };
        return rounded.Select(d => d.Weighted ? d with { Weight = Funnel.Trim(d.Weight!.Value) } : d).ToList();
    }

    private static decimal ExpectedCommission(IReadOnlyList<Draft> drafts, Role role, TargetSource t)
    {
        var leads = t.PerPerson(role, MetricKeys.Leads, t.Team(MetricKeys.Leads, 0));
        var revenue = t.Team(MetricKeys.Revenue, 0) / Math.Max(1, MetricOwners.Producers.Sum(t.Inputs.Count));
        var perLead = drafts.FirstOrDefault(d => d.Kind == ComponentKind.PerUnit)?.Rate ?? 0m;
        var share = drafts.FirstOrDefault(d => d.Kind == ComponentKind.Share)?.Rate ?? 0m;
        return t.Inputs.RoundMoney(leads * perLead + revenue * share);
    }

    private static Component ToComponent(Draft d, Words w)
    {
        var label = d.Label?.In(w.Language);
        return d.Kind switch
        {
            ComponentKind.Attainment => new AttainmentComponent
            {
                Id = d.Id,
                Label = label,
                Metric = d.Metric,
                Target = d.Targets[0],
                Weight = d.Weight!.Value,
                Threshold = d.Threshold,
                Cap = d.Cap,
                Curve = d.Curve,
            },
            ComponentKind.Team => new TeamComponent
            {
                Id = d.Id,
                Label = label,
                Group = d.Group!,
                Metric = d.Metric,
                Target = d.Targets[0],
                Weight = d.Weight!.Value,
                Threshold = d.Threshold,
                Cap = d.Cap,
                Curve = d.Curve,
            },
            ComponentKind.Step => new StepComponent
            {
                Id = d.Id,
                Label = label,
                Metric = d.Metric,
                Target = d.Targets[0],
                Every = d.Every,
                Rate = d.Rate,
                MaxSteps = d.MaxSteps,
            },
            ComponentKind.Growth => new GrowthComponent
            {
                Id = d.Id,
                Label = label,
                Metric = d.Metric,
                Measure = GrowthMeasure.Percent,
                Bonus = PayAmount.TargetShare(d.Rate),
            },
            ComponentKind.PerUnit => new PerUnitComponent { Id = d.Id, Label = label, Metric = d.Metric, Rate = d.Rate, Condition = d.Condition },
            ComponentKind.Share => new ShareComponent { Id = d.Id, Label = label, Measure = d.Measure, Credit = ShareCredit.Sourced, Rate = d.Rate },
            ComponentKind.Gate => new GateComponent { Id = d.Id, Label = label, Metric = d.Metric, Operator = d.Operator, Value = d.Value },
            _ => throw new ArgumentOutOfRangeException(nameof(d), d.Kind, null),
        };
    }

    private static KpiProposal Explain(Draft d, Role role, TargetSource t, IReadOnlyList<string> periods)
    {
        var w = t.Inputs.W;
        var metric = MetricCatalogue.Get(d.Metric);
        var shownTargets = d.Kind is ComponentKind.Attainment or ComponentKind.Team or ComponentKind.Step or ComponentKind.Gate
            ? d.Targets.Select((v, k) => new PeriodValue(periods[k], v)).ToList()
            : [];
        return new KpiProposal
        {
            ComponentId = d.Id,
            Metric = d.Metric,
            MetricName = metric.Name.In(w.Language),
            Kind = d.Kind,
            Weight = d.Weight,
            Targets = shownTargets,
            Threshold = d.Threshold,
            Cap = d.Cap,
            Formula = Formula(d, metric, w),
            Rationale = Rationale(d, metric, role, t),
            Goal = d.Goal?.Goal.Text,
        };
    }

    private static string Formula(Draft d, MetricDefinition metric, Words w)
    {
        var name = metric.Name.In(w.Language);
        string Terms() => (metric.HigherIsBetter
            ? w.Say($"целевая премия × {w.Pct(d.Weight!.Value)} × (факт ÷ цель); ниже {w.Pct(d.Threshold!.Value)} выполнения — 0; учитывается не больше {w.Pct(d.Cap!.Value)}",
                $"target bonus × {w.Pct(d.Weight!.Value)} × (actual ÷ target); nothing below {w.Pct(d.Threshold!.Value)} attainment; at most {w.Pct(d.Cap!.Value)} counted")
            : w.Say($"целевая премия × {w.Pct(d.Weight!.Value)} × (2 − факт ÷ цель): каждый процент ниже цели засчитывается как процент сверх неё; " +
                    $"ниже {w.Pct(d.Threshold!.Value)} выполнения — 0; учитывается не больше {w.Pct(d.Cap!.Value)}",
                $"target bonus × {w.Pct(d.Weight!.Value)} × (2 − actual ÷ target): each percent under target counts as a percent over it; " +
                    $"nothing below {w.Pct(d.Threshold!.Value)} attainment; at most {w.Pct(d.Cap!.Value)} counted"))
            + (d.Curve?.Tiers is [_, { } above] ? w.Say($"; сверх 100 % — × {w.Num(above.Rate)}", $"; above 100 %, × {w.Num(above.Rate)}") : "");
        return d.Kind switch
        {
            ComponentKind.Attainment => Terms(),
            ComponentKind.Team => w.Say($"по общему показателю группы «{d.Group}»: ", $"on the shared value of the group '{d.Group}': ") + Terms(),
            ComponentKind.Step => w.Say(
                $"за каждые {w.Num(d.Every)} ({name}) сверх плана +{w.Pct(d.Rate)} целевой премии, не больше {d.MaxSteps} шагов",
                $"+{w.Pct(d.Rate)} of the target bonus for every {w.Num(d.Every)} ({name}) over plan, at most {d.MaxSteps} steps"),
            ComponentKind.Growth => w.Say($"если {name} больше, чем в прошлом месяце, — бонус {w.Pct(d.Rate)} целевой премии",
                $"if {name} beats last month, a bonus of {w.Pct(d.Rate)} of the target bonus"),
            ComponentKind.PerUnit => w.Say($"{w.Money(d.Rate)} за каждый лид", $"{w.Money(d.Rate)} per lead") + (d.Condition is { } c
                ? w.Say($", только пока {w.Name(c.Metric)} не выше {w.Money(c.Value)}", $", only while {w.Name(c.Metric)} is at most {w.Money(c.Value)}")
                : ""),
            ComponentKind.Share => w.Say($"{w.Pct(d.Rate)} выручки сделок, пришедших с лидов сотрудника", $"{w.Pct(d.Rate)} of revenue from deals sourced by the employee's leads"),
            ComponentKind.Gate => w.Say($"если {name} ниже {w.Value(metric, d.Value)}, премия по всем KPI не выплачивается",
                $"if {name} is below {w.Value(metric, d.Value)}, no bonus is paid on any KPI"),
            _ => "",
        };
    }

    private static string Rationale(Draft d, MetricDefinition metric, Role role, TargetSource t)
    {
        var inputs = t.Inputs;
        var w = inputs.W;
        var parts = new List<string>();
        if (d.Goal is { } goal)
        {
            var lever = w.Say($"{metric.Name.Ru} — главный рычаг цели «{goal.Goal.Text}»", $"{metric.Name.En} is the main lever of the goal '{goal.Goal.Text}'");
            if (goal.Start == goal.To)
                parts.Add(lever + w.Say($": {w.Value(metric, goal.To)} в месяц на команду.", $": {w.Value(metric, goal.To)} a month for the team."));
            else
            {
                var up = goal.To > goal.Start;
                parts.Add(lever + w.Say(
                    $": {(up ? "рост" : "снижение")} с {w.Value(metric, goal.Start)} до {w.Value(metric, goal.To)} за {w.Months(goal.Horizon)}.",
                    $": {(up ? "up" : "down")} from {w.Value(metric, goal.Start)} to {w.Value(metric, goal.To)} in {w.Months(goal.Horizon)}."));
            }
        }
        var why = d.Why.In(w.Language);
        if (why.Length > 0)
            parts.Add(why);
        parts.AddRange(d.Notes.Select(note => note.In(w.Language)));
        switch (d.Kind)
        {
            case ComponentKind.Attainment or ComponentKind.Team or ComponentKind.Step:
                var series = w.Series(metric, d.Targets);
                parts.Add(char.ToUpperInvariant(series[0]) + series[1..] + (d.Kind == ComponentKind.Step
                    ? w.Say($"; шаг — {w.Num(d.Every)}.", $"; a step is {w.Num(d.Every)}.")
                    : "."));
                var divisor = t.Divisor(role, d.Metric);
                if (divisor > 1)
                    parts.Add(w.Say($"На человека: команда {w.Value(metric, inputs.Round(t.Team(d.Metric, 0), metric.Unit))} ÷ {divisor} в первом месяце.",
                        $"Per person: the team's {w.Value(metric, inputs.Round(t.Team(d.Metric, 0), metric.Unit))} ÷ {divisor} in the first month."));
                break;
            case ComponentKind.Gate:
                parts.Add(w.Say($"Порог {w.Value(metric, d.Value)}.", $"Threshold {w.Value(metric, d.Value)}."));
                break;
            case ComponentKind.PerUnit:
                parts.Add(w.Say(
                    $"Ставка {w.Money(d.Rate)} за лид при предельной стоимости лида {w.Money(inputs.MaxCpl.Value)}; план — {w.Num(t.PerPerson(role, MetricKeys.Leads, t.Team(MetricKeys.Leads, 0)))} лидов в месяц на человека.",
                    $"{w.Money(d.Rate)} per lead with a maximum cost per lead of {w.Money(inputs.MaxCpl.Value)}; the plan is {w.Num(t.PerPerson(role, MetricKeys.Leads, t.Team(MetricKeys.Leads, 0)))} leads a month per person."));
                break;
            case ComponentKind.Share:
                var revenue = inputs.RoundMoney(t.Team(MetricKeys.Revenue, 0) / Math.Max(1, MetricOwners.Producers.Sum(inputs.Count)));
                parts.Add(w.Say($"Ожидаемая выручка со своих лидов — {w.Money(revenue)} в месяц, это {w.Money(inputs.RoundMoney(revenue * d.Rate))} премии.",
                    $"Expected revenue from own leads is {w.Money(revenue)} a month, {w.Money(inputs.RoundMoney(revenue * d.Rate))} of pay."));
                break;
        }
        return string.Join(" ", parts);
    }
}

/// <summary>A role's drafts, its assignment in the document and its explained proposal.</summary>
internal sealed record DesignedRole(TeamRole Member, IReadOnlyList<Draft> Drafts, Assignment Assignment, RoleProposal Proposal);
