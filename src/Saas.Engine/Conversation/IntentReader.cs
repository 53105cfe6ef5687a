using System.Text.RegularExpressions;
using Saas.Engine.Assistant;
using Saas.Engine.Assistant.Parsing;
using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;

namespace Saas.Engine.Conversation;

/// <summary>The embedded, rule-based reader of messages: Russian and English, deterministic, never guessing. A message is
/// cut into clauses (sentences, and "… и добавь …" where a new request begins); each clause is a refinement when its
/// keywords say so, otherwise facts about the team and goals read by <see cref="TeamDescriptionParser"/>, otherwise an
/// answer to the question asked. What fits none of these is returned as not understood.
/// <para>Defaults a reader must choose, documented so a user can predict them: "raise the variable share" without a
/// number moves it by <see cref="ShareStep"/>, a weight by <see cref="WeightStep"/>, a seasonal change adds
/// <see cref="WeightStep"/> of weight; an accelerator without a rate pays × <see cref="DefaultAccelerator"/>. A number
/// after "до/to" is the new value, after "на/by" a change. A bare number above 1 where a fraction is meant is a percent
/// (share 50 = 50 %).</para></summary>
public static partial class IntentReader
{
    public const decimal ShareStep = 0.05m;
    public const decimal WeightStep = 0.1m;
    public const decimal DefaultAccelerator = 1.5m;

    public static IntentReading Read(string text, Missing? question, DateOnly today)
    {
        var intents = new List<Intent>();
        var notUnderstood = new List<NotUnderstood>();
        foreach (var (start, end) in Clauses(text))
            ReadClause(text, start, end, question, today, intents, notUnderstood);
        return new IntentReading(intents, notUnderstood);
    }

    private static void ReadClause(string text, int start, int end, Missing? question, DateOnly today, List<Intent> intents, List<NotUnderstood> notUnderstood)
    {
        var clause = text[start..end];
        var source = TextSpan.Of(text, start, end);
        var lower = clause.ToLowerInvariant();
        var mentions = Reading.Mentions(clause);
        var roles = mentions.Where(m => m.Kind == MentionKind.Role).Select(m => m.Role!.Value).Distinct().ToList();
        var amounts = mentions.Where(m => m.Kind == MentionKind.Amount).ToList();
        var metric = MetricOf(lower, mentions);
        var direction = Direction(lower);

        void Add(IntentKind kind, Role? role = null, string? metricKey = null, decimal? value = null, decimal? change = null, int? count = null,
            IReadOnlyList<int>? months = null, LeadGeneratorScheme? scheme = null) =>
            intents.Add(new Intent
            {
                Kind = kind,
                Role = role,
                Metric = metricKey,
                Value = value,
                Change = change,
                Count = count,
                CalendarMonths = months ?? [],
                Scheme = scheme,
                Source = source,
            });

        void PerRole(IntentKind kind, string? metricKey = null, decimal? value = null, decimal? change = null, IReadOnlyList<int>? months = null)
        {
            if (roles.Count == 0)
                Add(kind, null, metricKey, value, change, months: months);
            foreach (var role in roles)
                Add(kind, role, metricKey, value, change, months: months);
        }

        void Miss(string reason) => notUnderstood.Add(new NotUnderstood(source, reason));

        if (Skip().IsMatch(lower))
        {
            Add(IntentKind.Skip);
            return;
        }
        var numbered = amounts.Where(a => a is { Percent: false, Value: >= 1 and <= 100 } && decimal.Truncate(a.Value.Value) == a.Value).Select(a => (int)a.Value!.Value).ToList();
        var all = AllWords().IsMatch(lower);
        if (DropWords().IsMatch(lower) && (numbered.Count > 0 || all) && metric.Key is null)
        {
            intents.Add(new Intent { Kind = IntentKind.DropProposals, Items = all ? [] : numbered, Source = source });
            return;
        }
        if (ApplyWords().IsMatch(lower) && (numbered.Count > 0 || all) && metric.Key is null)
        {
            intents.Add(new Intent { Kind = IntentKind.ApplyProposals, Items = all ? [] : numbered, Source = source });
            return;
        }
        if (WhyWords().IsMatch(lower))
        {
            if (metric.Key is null)
                Miss(metric.Unknown ? "unknown_metric" : "metric_missing");
            else
                PerRole(IntentKind.Why, metric.Key);
            return;
        }
        if (SchemeOf(lower) is { } scheme)
        {
            Add(IntentKind.Scheme, scheme: scheme);
            return;
        }
        if (VariableShareWords().IsMatch(lower))
        {
            var (value, change) = Fraction(clause, amounts, direction, ShareStep);
            if (value is null && change is null)
                Miss("value_missing");
            else
                PerRole(IntentKind.VariableShare, value: value, change: change);
            return;
        }

        var refinement = AcceleratorWords().IsMatch(lower) ? IntentKind.Accelerator
            : ThresholdWords().IsMatch(lower) ? IntentKind.Threshold
            : CapWords().IsMatch(lower) ? IntentKind.Cap
            : MonthsOf(lower).Count > 0 && (direction > 0 || BonusWords().IsMatch(lower)) ? IntentKind.Seasonal
            : WeightWords().IsMatch(lower) ? IntentKind.Weight
            : AddWords().IsMatch(lower) && metric.Key is not null | metric.Unknown ? IntentKind.AddKpi
            : RemoveWords().IsMatch(lower) && metric.Key is not null | metric.Unknown ? IntentKind.RemoveKpi
            : (IntentKind?)null;
        if (refinement is { } kind)
        {
            if (metric.Unknown)
            {
                Miss("unknown_metric");
                return;
            }
            if (metric.Key is null && kind is IntentKind.Weight or IntentKind.AddKpi or IntentKind.RemoveKpi or IntentKind.Seasonal)
            {
                Miss("metric_missing");
                return;
            }
            switch (kind)
            {
                case IntentKind.Accelerator:
                    var rate = DoubleWords().IsMatch(lower) ? 2m
                        : amounts.FirstOrDefault() is { } a ? (a.Percent ? a.Value / 100m : a.Value)
                        : DefaultAccelerator;
                    PerRole(kind, metric.Key, value: rate);
                    break;
                case IntentKind.Threshold or IntentKind.Cap:
                    if (amounts.FirstOrDefault() is not { } attainment)
                        Miss("value_missing");
                    else
                        PerRole(kind, metric.Key, value: attainment.Percent || attainment.Value > 3 ? attainment.Value / 100m : attainment.Value);
                    break;
                case IntentKind.Seasonal:
                    var (_, more) = Fraction(clause, amounts, 1, WeightStep);
                    PerRole(kind, metric.Key, change: Math.Abs(more ?? WeightStep), months: MonthsOf(lower));
                    break;
                case IntentKind.Weight:
                    var (weight, shift) = Fraction(clause, amounts, direction, WeightStep);
                    if (weight is null && shift is null)
                        Miss("value_missing");
                    else
                        PerRole(kind, metric.Key, weight, shift);
                    break;
                default:
                    PerRole(kind, metric.Key);
                    break;
            }
            return;
        }

        if (RemoveWords().IsMatch(lower) && metric.Key is null && !metric.Unknown && roles.Count > 0 && amounts.Count == 0)
        {
            // "убери маркетологов": the role leaves the team.
            foreach (var role in roles)
                Add(IntentKind.Team, role, count: 0);
            return;
        }
        if (BudgetWords().IsMatch(lower) && Money(amounts) is { } budget)
        {
            Add(IntentKind.Budget, value: budget);
            return;
        }
        if (AverageDealWords().IsMatch(lower) && Money(amounts) is { } deal)
        {
            Add(IntentKind.AverageDeal, value: deal);
            return;
        }
        // Months before salaries: "растянуть на 6 месяцев" while salaries are asked is a ramp, not a salary of 6.
        if (PlanLength().Match(lower) is { Success: true } length && MonthCount(length.Groups["n"].Value) is { } planMonths)
        {
            Add(IntentKind.Months, count: planMonths);
            return;
        }
        if (RampWords().IsMatch(lower) && HorizonOf(lower) is { } horizon)
        {
            Add(IntentKind.Ramp, metricKey: metric.Key, count: horizon);
            return;
        }
        // An open salary question takes bare amounts ("80 тыс.", "маркетологи 80 тыс."), not a clause about a metric
        // ("our goal is revenue 10M a month").
        if ((SalaryWords().IsMatch(lower) || question?.Code == "salary" && metric is { Key: null, Unknown: false }) && amounts.Any(a => !a.Percent))
        {
            foreach (var (from, to) in Salaries(mentions, Add))
            {
                var first = from;
                while (first < to && !char.IsLetterOrDigit(clause[first]))
                    first++;
                notUnderstood.Add(new NotUnderstood(TextSpan.Of(text, start + first, start + to), "role_missing"));
            }
            return;
        }

        var understood = TeamDescriptionParser.Parse(clause, today);
        if (understood.Roles.Count > 0 || understood.Goals.Count > 0)
        {
            foreach (var role in understood.Roles)
                intents.Add(new Intent { Kind = IntentKind.Team, Role = role.Role, Count = role.Count, Source = Within(text, start, clause, role.Text) });
            foreach (var goal in understood.Goals)
                intents.Add(new Intent { Kind = IntentKind.Goal, Metric = goal.Metric, Goal = goal, Source = Within(text, start, clause, goal.Text) });
            // A bare command verb around a goal ("set the CR target to 25%") asks for the goal; it is not a part left unread.
            foreach (var fragment in understood.Unrecognized.Where(f => f.Reason != "count_not_exact"
                && !(f.Reason == "unknown_words" && CommandVerb().IsMatch(clause.Substring(f.Start, f.Length)))))
                notUnderstood.Add(new NotUnderstood(TextSpan.Of(text, start + fragment.Start, start + fragment.Start + fragment.Length), fragment.Reason));
            return;
        }

        if (metric.Key is not null && TargetWords().IsMatch(lower) && amounts.Count == 1)
        {
            Add(IntentKind.Target, metricKey: metric.Key, value: GoalValue(metric.Key, amounts[0]));
            return;
        }
        if (question is not null && amounts.Count == 1 && Answer(question, amounts[0]) is { } answer)
        {
            intents.Add(answer with { Source = source });
            return;
        }
        if (clause.Any(char.IsLetterOrDigit))
            Miss(metric.Unknown ? "unknown_metric" : "unknown_words");
    }

    /// <summary>A bare answer to the question asked: "трое" to a headcount, "12 %" to a baseline, "80 тыс." to salaries.</summary>
    private static Intent? Answer(Missing question, Mention amount)
    {
        var placeholder = new TextSpan(0, 0, "");
        var value = amount.Value!.Value;
        return question.Code switch
        {
            "role_count" when !amount.Percent && decimal.Truncate(value) == value && value is >= 0 and <= 1000 =>
                new Intent { Kind = IntentKind.Team, Role = question.Role, Count = (int)value, Source = placeholder },
            "goal_baseline" => new Intent { Kind = IntentKind.Baseline, Metric = question.Metric, Value = GoalValue(question.Metric!, amount), Source = placeholder },
            "goal_target" => new Intent { Kind = IntentKind.Target, Metric = question.Metric, Value = GoalValue(question.Metric!, amount), Source = placeholder },
            "budget" when !amount.Percent => new Intent { Kind = IntentKind.Budget, Value = value, Source = placeholder },
            "average_deal" when !amount.Percent => new Intent { Kind = IntentKind.AverageDeal, Value = value, Source = placeholder },
            _ => null,
        };
    }

    /// <summary>"маркетологи 80 тыс., менеджеры 60 тыс." pairs each role with the next amount; one amount and no role is
    /// everyone's. Returns the words of an amount that follows paired ones without a role of its own ("…, у менеджеров 70
    /// тыс.", where "менеджер" names no role), so that it is reported instead of dropped.</summary>
    private static List<(int Start, int End)> Salaries(IReadOnlyList<Mention> mentions,
        Action<IntentKind, Role?, string?, decimal?, decimal?, int?, IReadOnlyList<int>?, LeadGeneratorScheme?> add)
    {
        var unpaired = new List<(int, int)>();
        var pending = new List<Role>();
        var paired = false;
        var segment = 0;
        foreach (var mention in mentions)
        {
            if (mention.Kind == MentionKind.Role)
                pending.Add(mention.Role!.Value);
            else if (mention is { Kind: MentionKind.Amount, Percent: false, Value: { } amount })
            {
                if (pending.Count == 0 && !paired)
                {
                    add(IntentKind.Salary, null, null, amount, null, null, null, null);
                    return unpaired;
                }
                if (pending.Count == 0)
                    unpaired.Add((segment, mention.End));
                foreach (var role in pending)
                    add(IntentKind.Salary, role, null, amount, null, null, null, null);
                paired = true;
                pending.Clear();
                segment = mention.End;
            }
        }
        return unpaired;
    }

    private static decimal GoalValue(string metric, Mention amount)
    {
        var value = amount.Value!.Value;
        return MetricCatalogue.Get(metric).Unit == MetricUnit.Ratio && (amount.Percent || value > 1) ? value / 100m : value;
    }

    private static decimal? Money(IReadOnlyList<Mention> amounts) => amounts.FirstOrDefault(a => !a.Percent)?.Value;

    /// <summary>A new fraction after "до/to/=", a change after "на/by" (signed by the verb), a step when only the verb is there.</summary>
    private static (decimal? Value, decimal? Change) Fraction(string clause, IReadOnlyList<Mention> amounts, int direction, decimal step)
    {
        if (amounts.FirstOrDefault() is not { } amount)
            return direction == 0 ? (null, null) : (null, direction * step);
        var value = amount.Percent || amount.Value > 1 ? amount.Value!.Value / 100m : amount.Value!.Value;
        var before = clause[..amount.Start].TrimEnd().ToLowerInvariant();
        if (ChangeMarker().IsMatch(before) && direction != 0)
            return (null, direction * value);
        return (value, null);
    }

    private static int Direction(string lower) => Up().IsMatch(lower) ? 1 : Down().IsMatch(lower) ? -1 : 0;

    private static TextSpan Within(string text, int offset, string clause, string part)
    {
        var at = clause.IndexOf(part, StringComparison.Ordinal);
        return at < 0 ? TextSpan.Of(text, offset, offset + clause.Length) : TextSpan.Of(text, offset + at, offset + at + part.Length);
    }

    /// <summary>The metric a clause is about: a component's words first ("рост MQL" is the growth bonus, not the MQL KPI),
    /// then the words the parser knows, then the few it does not. <c>Unknown</c>: a measure the product cannot compute
    /// (reach, subscribers), which must be said rather than swapped for another.</summary>
    private static (string? Key, bool Unknown) MetricOf(string lower, IReadOnlyList<Mention> mentions)
    {
        foreach (var (pattern, key) in ComponentWords)
        {
            if (pattern.IsMatch(lower))
                return (key, false);
        }
        if (mentions.FirstOrDefault(m => m.Kind == MentionKind.Metric) is { } named)
            return (named.Metric, false);
        foreach (var (pattern, key) in ExtraMetricWords)
        {
            if (pattern.IsMatch(lower))
                return (key, false);
        }
        return (null, UnmeasuredWords().IsMatch(lower));
    }

    private static readonly (Regex Pattern, string Key)[] ComponentWords =
    [
        (new Regex(@"рост\w*\s+mql|mql\s+growth|growth\s+bonus|преми\w*\s+за\s+рост", RegexOptions.CultureInvariant), "mql_growth"),
        (new Regex(@"сверх\s+плана|over\s+(the\s+)?plan|скользящ\w*|sliding|\bstep\b|ступен\w*", RegexOptions.CultureInvariant), "deals_over_plan"),
        (new Regex(@"sla[\s-]*(гейт|gate|услови\w*)|(гейт|gate)\w*\s+(по\s+)?sla", RegexOptions.CultureInvariant), "sla_gate"),
        (new Regex(@"(гейт|gate|услови\w*)\s+(по\s+)?причин\w*|reasons?\s+gate", RegexOptions.CultureInvariant), "reasons_gate"),
        (new Regex(@"(общ\w*|shared)\s+(kpi\s+)?(конверси\w*\s+)?mql\W*(в|to|→|->)?\W*sql|mql\W*(в|to|→|->)\W*sql", RegexOptions.CultureInvariant), "mql_to_sql_shared"),
    ];

    private static readonly (Regex Pattern, string Key)[] ExtraMetricWords =
    [
        (new Regex(@"\bsla\b|перв\w*\s+ответ\w*|first[\s-]+response", RegexOptions.CultureInvariant), MetricKeys.FirstResponseCompliance),
        (new Regex(@"причин\w*\s+отказ\w*|disqualification\s+reasons?|rejection\s+reasons?", RegexOptions.CultureInvariant), MetricKeys.DisqualificationReasonCoverage),
        (new Regex(@"\bromi\b", RegexOptions.CultureInvariant), MetricKeys.Romi),
        (new Regex(@"жалоб\w*|complaints?", RegexOptions.CultureInvariant), MetricKeys.ComplaintsRegistered),
        (new Regex(@"нецелев\w*|non[\s-]*target", RegexOptions.CultureInvariant), MetricKeys.NonTargetShare),
        (new Regex(@"стоимост\w*\s+(sql|возможност\w*)|cost\s+per\s+(opportunity|sql)", RegexOptions.CultureInvariant), MetricKeys.CostPerOpportunity),
        (new Regex(@"валов\w*\s+прибыл\w*|gross\s+profit|маржинальн\w*\s+прибыл\w*", RegexOptions.CultureInvariant), MetricKeys.GrossProfit),
    ];

    private static LeadGeneratorScheme? SchemeOf(string lower) =>
        OwnBudget().IsMatch(lower) ? LeadGeneratorScheme.OwnBudget
        : ClientBudget().IsMatch(lower) ? LeadGeneratorScheme.ClientBudget
        : OwnProduct().IsMatch(lower) ? LeadGeneratorScheme.OwnProduct
        : null;

    private static readonly (Regex Pattern, int[] Months)[] MonthWords =
    [
        (new Regex(@"январ|\bjan(uary)?\b", RegexOptions.CultureInvariant), [1]),
        (new Regex(@"феврал|\bfeb(ruary)?\b", RegexOptions.CultureInvariant), [2]),
        (new Regex(@"\bмарт|\bmarch\b|\bmar\b", RegexOptions.CultureInvariant), [3]),
        (new Regex(@"апрел|\bapr(il)?\b", RegexOptions.CultureInvariant), [4]),
        (new Regex(@"\bма[йяе]\b|\bmay\b", RegexOptions.CultureInvariant), [5]),
        (new Regex(@"\bиюн|\bjune?\b", RegexOptions.CultureInvariant), [6]),
        (new Regex(@"\bиюл|\bjuly?\b", RegexOptions.CultureInvariant), [7]),
        (new Regex(@"август|\baug(ust)?\b", RegexOptions.CultureInvariant), [8]),
        (new Regex(@"сентябр|\bsep(t|tember)?\b", RegexOptions.CultureInvariant), [9]),
        (new Regex(@"октябр|\boct(ober)?\b", RegexOptions.CultureInvariant), [10]),
        (new Regex(@"ноябр|\bnov(ember)?\b|черн\w*\s+пятниц|black\s+friday", RegexOptions.CultureInvariant), [11]),
        (new Regex(@"декабр|\bdec(ember)?\b|новогодн|предновогодн|christmas", RegexOptions.CultureInvariant), [12]),
        (new Regex(@"летом|\bлето\b|summer", RegexOptions.CultureInvariant), [6, 7, 8]),
        (new Regex(@"\bq4\b|четв[её]рт\w*\s+квартал|fourth\s+quarter", RegexOptions.CultureInvariant), [10, 11, 12]),
    ];

    private static IReadOnlyList<int> MonthsOf(string lower) =>
        MonthWords.Where(m => m.Pattern.IsMatch(lower)).SelectMany(m => m.Months).Distinct().Order().ToList();

    private static int? HorizonOf(string lower)
    {
        if (Horizon().Match(lower) is { Success: true } match)
            return MonthCount(match.Groups["n"].Value);
        return QuarterWords().IsMatch(lower) ? 3 : HalfYearWords().IsMatch(lower) ? 6 : YearWords().IsMatch(lower) ? 12 : null;
    }

    private static int? MonthCount(string word) => int.TryParse(word, out var n) ? (n is >= 1 and <= 24 ? n : null) : word switch
    {
        "один" or "одного" or "one" => 1,
        "два" or "двух" or "two" => 2,
        "три" or "трех" or "трёх" or "three" => 3,
        "четыре" or "четырех" or "четырёх" or "four" => 4,
        "пять" or "пяти" or "five" => 5,
        "шесть" or "шести" or "six" => 6,
        "девять" or "девяти" or "nine" => 9,
        "двенадцать" or "двенадцати" or "twelve" => 12,
        _ => null,
    };

    /// <summary>Sentences, and a new request inside one ("подними вес выручки, и добавь CAC"). A full stop after an
    /// abbreviation ("80 тыс. руб.") or inside a number does not end a sentence.</summary>
    private static IEnumerable<(int Start, int End)> Clauses(string text)
    {
        var start = 0;
        foreach (Match cut in ClauseCut().Matches(text))
        {
            if (cut.Value.TrimStart().StartsWith('.') && Abbreviation().IsMatch(text[..cut.Index]))
                continue;
            if (cut.Index > start)
                yield return Trimmed(text, start, cut.Index);
            start = cut.Index + cut.Length;
        }
        if (start < text.Length)
            yield return Trimmed(text, start, text.Length);
    }

    private static (int, int) Trimmed(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
            start++;
        while (end > start && char.IsWhiteSpace(text[end - 1]))
            end--;
        return (start, end);
    }

    private const string Verbs = "добав|убер|убра|удал|исключ|подним|подня|повыс|увелич|сниз|уменьш|постав|сдела|установ|включ|верн|растян|почему|зачем|" +
        "add|remove|drop|delete|raise|increase|lower|decrease|reduce|set|make|put|include|spread|stretch|why";

    [GeneratedRegex(@"[.!?;\n]+(?=\s|$)|,?\s+(?:и|а|а также|also|and|plus)\s+(?=(?:" + Verbs + "))", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ClauseCut();

    [GeneratedRegex(@"(?:\b(?:тыс|руб|млн|млрд|мес|п\.п|т\.д|т\.е|др|пр|г|р|k|mln|bn|vs|e\.g|i\.e)|\d)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Abbreviation();

    [GeneratedRegex(@"^\W*(не\s+знаю|не\s+помню|нет\s+данных|не\s+скажу|пропус\w*|дальше|далее|skip|pass|next|don'?t\s+know|do\s+not\s+know|no\s+idea|not\s+sure|unknown)(\W+(это|этот|эту|вопрос\w*|пока|точно|сейчас|пожалуйста|please|it|this|that|one|question|for\s+now))*\W*$", RegexOptions.CultureInvariant)]
    private static partial Regex Skip();

    [GeneratedRegex(@"примен\w*|прими\b|принима\w*|соглас\w*|\bapply\b|\baccept\b|take\s+(proposals?|suggestions?)", RegexOptions.CultureInvariant)]
    private static partial Regex ApplyWords();

    [GeneratedRegex(@"не\s+примен\w*|отклон\w*|отмен\w*|\breject\w*|don'?t\s+apply|do\s+not\s+apply|\bdrop\b|\bundo\b|withdraw", RegexOptions.CultureInvariant)]
    private static partial Regex DropWords();

    [GeneratedRegex(@"\bвсе\b|\bвс[её]\b|\ball\b|\bevery\b", RegexOptions.CultureInvariant)]
    private static partial Regex AllWords();

    [GeneratedRegex(@"почему|зачем|за\s+что|объясни|как\s+считается|\bwhy\b|how\s+come|explain|how\s+is\s+.+\s+paid", RegexOptions.CultureInvariant)]
    private static partial Regex WhyWords();

    [GeneratedRegex(@"(сво\w*|собственн\w*)\s+(рекламн\w*\s+)?бюджет\w*|own\s+(ad\s+)?budget|(his|her|their)\s+own\s+(ad\s+)?budget", RegexOptions.CultureInvariant)]
    private static partial Regex OwnBudget();

    [GeneratedRegex(@"бюджет\w*\s+клиент\w*|клиентск\w*\s+бюджет\w*|(client'?s?|customer'?s?)\s+budget|budget\s+of\s+the\s+client", RegexOptions.CultureInvariant)]
    private static partial Regex ClientBudget();

    [GeneratedRegex(@"(сво\w*|собственн\w*)\s+продукт\w*|own\s+product", RegexOptions.CultureInvariant)]
    private static partial Regex OwnProduct();

    [GeneratedRegex(@"переменн\w*|вариативн\w*|бонусн\w*\s+част\w*|дол\w*\s+преми\w*|variable\s+(share|pay|part|portion)|\bvariable\b|\bott?e\b", RegexOptions.CultureInvariant)]
    private static partial Regex VariableShareWords();

    [GeneratedRegex(@"ускорит\w*|акселерат\w*|accelerat\w*|множител\w*\s+сверх|multiplier\s+above", RegexOptions.CultureInvariant)]
    private static partial Regex AcceleratorWords();

    [GeneratedRegex(@"порог\w*|threshold|минимальн\w*\s+выполнени\w*|minimum\s+attainment|\bfloor\b", RegexOptions.CultureInvariant)]
    private static partial Regex ThresholdWords();

    [GeneratedRegex(@"потол\w*|кэп\w*|\bкап\b|\bcap\b|\bcapp?ed\b|ceiling|максимум\w*\s+выполнени\w*", RegexOptions.CultureInvariant)]
    private static partial Regex CapWords();

    [GeneratedRegex(@"\bвес\w*|weight", RegexOptions.CultureInvariant)]
    private static partial Regex WeightWords();

    [GeneratedRegex(@"бонус\w*|преми\w*|доплат\w*|плат\w*|bonus|pay|reward", RegexOptions.CultureInvariant)]
    private static partial Regex BonusWords();

    [GeneratedRegex(@"добав\w*|включ\w*|\badd\b|\badding\b|include", RegexOptions.CultureInvariant)]
    private static partial Regex AddWords();

    [GeneratedRegex(@"убер\w*|убра\w*|удал\w*|исключ\w*|\bбез\b|не\s+нуж\w*|remove|drop|delete|exclude|get\s+rid|without", RegexOptions.CultureInvariant)]
    private static partial Regex RemoveWords();

    [GeneratedRegex(@"подним\w*|подня\w*|повыс\w*|увелич\w*|больше|выше|прибав\w*|усил\w*|raise|increase|\bmore\b|higher|boost|bump|\bup\b", RegexOptions.CultureInvariant)]
    private static partial Regex Up();

    [GeneratedRegex(@"сниз\w*|уменьш\w*|меньше|ниже|убав\w*|lower|decrease|reduce|\bless\b|\bcut\b|\bdown\b", RegexOptions.CultureInvariant)]
    private static partial Regex Down();

    [GeneratedRegex(@"(?:\bна|\bby|\+|\-|плюс|минус|plus|minus)$", RegexOptions.CultureInvariant)]
    private static partial Regex ChangeMarker();

    [GeneratedRegex(@"двойн\w*|вдвое|double", RegexOptions.CultureInvariant)]
    private static partial Regex DoubleWords();

    [GeneratedRegex(@"бюджет\w*|budget", RegexOptions.CultureInvariant)]
    private static partial Regex BudgetWords();

    [GeneratedRegex(@"средн\w*\s+(чек\w*|сделк\w*|сумм\w*\s+сделк\w*)|average\s+(deal|order|check|contract)|deal\s+size|\baov\b", RegexOptions.CultureInvariant)]
    private static partial Regex AverageDealWords();

    [GeneratedRegex(@"оклад\w*|зарплат\w*|\bзп\b|salar\w*|base\s+pay|\bbase\b|фикс\w*", RegexOptions.CultureInvariant)]
    private static partial Regex SalaryWords();

    [GeneratedRegex(@"план\w*\s+(на|for)\s+(?<n>\d+|\w+)\s+(мес|month)|(plan|planning)\s+(for|over)\s+(?<n>\d+|\w+)\s+months?", RegexOptions.CultureInvariant)]
    private static partial Regex PlanLength();

    [GeneratedRegex(@"растян\w*|рамп\w*|\bramp|срок\w*|deadline|horizon|spread|stretch|постепенн\w*|gradual\w*", RegexOptions.CultureInvariant)]
    private static partial Regex RampWords();

    [GeneratedRegex(@"(?<n>\d+|один|одного|два|двух|три|тр[её]х|четыре|четыр[её]х|пять|пяти|шесть|шести|девять|девяти|двенадцать|двенадцати|one|two|three|four|five|six|nine|twelve)\s*(мес\w*|months?)", RegexOptions.CultureInvariant)]
    private static partial Regex Horizon();

    [GeneratedRegex(@"квартал|quarter", RegexOptions.CultureInvariant)]
    private static partial Regex QuarterWords();

    [GeneratedRegex(@"полгода|пол\s+года|полугод\w*|half\s+a\s+year|six\s+months", RegexOptions.CultureInvariant)]
    private static partial Regex HalfYearWords();

    [GeneratedRegex(@"\bгод\b|\bгода\b|\byear\b", RegexOptions.CultureInvariant)]
    private static partial Regex YearWords();

    [GeneratedRegex(@"^\W*(set|make|change|update|поставь\w*|постав\w*|сдела\w*|измени\w*|установи\w*)\W*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CommandVerb();

    [GeneratedRegex(@"цел\w*|target|план\w*|\bgoal", RegexOptions.CultureInvariant)]
    private static partial Regex TargetWords();

    [GeneratedRegex(@"охват\w*|\breach\b|impressions?|показ\w*|подписчик\w*|subscribers?|followers?|engagement|вовлеч\w*|лайк\w*|likes?", RegexOptions.CultureInvariant)]
    private static partial Regex UnmeasuredWords();
}
