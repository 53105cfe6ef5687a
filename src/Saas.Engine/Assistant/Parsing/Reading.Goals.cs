using Saas.Engine.Metrics;

namespace Saas.Engine.Assistant.Parsing;

internal sealed partial class Reading
{
    /// <summary>Amounts as one item each: an optional currency sign, the number, an optional multiplier, then a
    /// currency, a percent, percentage points or "раз" ("$1.5M", "1,5 млн ₽", "15 %", "5 п.п.", "в 2 раза"). A multiplier
    /// belongs to the number it follows. A multiplier word alone is one of it ("миллион рублей").</summary>
    private void ReadAmounts()
    {
        var result = new List<Item>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Consumed)
            {
                result.Add(item);
                continue;
            }
            var k = i;
            var approx = Is(k, Kind.Approx) && (Is(k + 1, Kind.Number, Kind.Range) || (Is(k + 1, Kind.Currency) && Is(k + 2, Kind.Number)));
            if (approx)
                k++;
            var prefix = Is(k, Kind.Currency) && Is(k + 1, Kind.Number, Kind.Range) ? items[k++].Meaning!.Currency : null;
            if (Is(k, Kind.Number, Kind.Range))
            {
                var number = items[k++];
                var multiplier = Is(k, Kind.Multiplier) ? items[k++].Meaning!.Amount : (decimal?)null;
                string? currency = prefix;
                var percent = false;
                var points = false;
                var times = number.Times;
                if (currency is null && Is(k, Kind.Currency))
                    currency = items[k++].Meaning!.Currency;
                else if (Is(k, Kind.Percent))
                    percent = Used(ref k);
                else if (Is(k, Kind.Points))
                    points = Used(ref k);
                else if (Is(k, Kind.TimesWord))
                    times = Used(ref k);
                result.Add(AmountItem(i, k - 1, new Amount
                {
                    Number = number.Kind == Kind.Range ? null : number.Value,
                    IsInteger = number.Kind == Kind.Number && number.IsInteger,
                    Multiplier = multiplier,
                    Currency = currency,
                    Percent = percent,
                    Points = points,
                    Times = times,
                    Approximate = approx,
                }));
                i = k - 1;
            }
            else if (item.Kind == Kind.Multiplier)
            {
                var currency = Is(i + 1, Kind.Currency) ? items[i + 1].Meaning!.Currency : null;
                var last = currency is null ? i : i + 1;
                result.Add(AmountItem(i, last, new Amount { Number = 1, IsInteger = true, Multiplier = item.Meaning!.Amount, Currency = currency }));
                i = last;
            }
            else if (item.Kind == Kind.TimesFixed)
            {
                result.Add(AmountItem(i, i, new Amount { Number = item.Meaning!.Amount, IsInteger = true, Times = true }));
            }
            else
            {
                result.Add(item);
            }
        }
        items = result;
    }

    private static bool Used(ref int k)
    {
        k++;
        return true;
    }

    private bool Is(int k, Kind kind, Kind? or = null) =>
        k < items.Count && !items[k].Consumed && (items[k].Kind == kind || items[k].Kind == or);

    private Item AmountItem(int first, int last, Amount amount) => new()
    {
        Kind = Kind.Value,
        Start = items[first].Start,
        End = items[last].End,
        SpaceBefore = items[first].SpaceBefore,
        Joined = items[first].Joined,
        Amount = amount,
        Value = amount.Number,
        IsInteger = amount.IsInteger,
    };

    private sealed class Draft
    {
        public List<Item> Items { get; } = [];
        public Item? Verb { get; set; }
        public GoalDirection? Direction { get; set; }
        public decimal Times { get; set; }
        public Item? Metric { get; set; }
        public Amount? From { get; set; }
        public Amount? To { get; set; }
        public Amount? By { get; set; }
        public bool Extra { get; set; }
        public int? Horizon { get; set; }
        public bool HorizonUnusable { get; set; }
        public bool HasValues => From is not null || To is not null || By is not null;
    }

    /// <summary>Goals sentence by sentence (a role mention also ends one). A goal starts at a verb, a metric or an
    /// amount, and takes the amounts, horizon and "в месяц" that follow until the next verb or metric. A verb carries
    /// over to the metrics after it ("увеличить CR до 20 % и MQL до 300"); a single horizon in a sentence applies to
    /// every goal of it that names none. "сейчас", "currently" make the next amount a starting value, even past the
    /// metric ("сейчас CPL 900 ₽, хотим 700"), so that a current value is never read as a target.</summary>
    private List<Goal> ReadGoals()
    {
        var goals = new List<Goal>();
        var start = 0;
        for (var i = 0; i <= items.Count; i++)
        {
            if (i == items.Count || items[i].Kind is Kind.Boundary or Kind.Role)
            {
                ReadSentence(start, i, goals);
                start = i + 1;
            }
        }
        return goals;
    }

    private void ReadSentence(int from, int to, List<Goal> goals)
    {
        var drafts = new List<Draft>();
        var loose = new List<Item>();
        Draft? current = null;
        GoalDirection? carried = null;
        Item? marker = null;
        Item? now = null;
        for (var i = from; i < to; i++)
        {
            var item = items[i];
            if (item.Consumed)
                continue;
            switch (item.Kind)
            {
                case Kind.Direction:
                    if (current is not null && (current.HasValues || current.Verb is not null))
                    {
                        drafts.Add(current);
                        current = null;
                    }
                    current ??= new Draft();
                    current.Verb = item;
                    current.Direction = carried = item.Meaning!.Direction;
                    current.Times = item.Meaning.Amount;
                    current.Items.Add(item);
                    marker = null;
                    now = null;
                    break;
                case Kind.Metric:
                    if (current?.Metric is not null)
                    {
                        drafts.Add(current);
                        current = null;
                    }
                    current ??= new Draft { Direction = carried };
                    current.Metric = item;
                    current.Items.Add(item);
                    marker = null;
                    break;
                case Kind.From or Kind.To or Kind.By:
                    marker = item;
                    break;
                case Kind.Current:
                    now = item;
                    break;
                case Kind.Arrow:
                    if (current is { To: not null, From: null } && marker is null)
                        (current.From, current.To) = (current.To, null);
                    marker = item;
                    break;
                case Kind.Value:
                    if (current is { Metric: not null, To: not null } && marker is null && NextSignificantIsMetric(i, to))
                    {
                        drafts.Add(current);
                        current = null;
                    }
                    current ??= new Draft { Direction = carried };
                    if (marker is null && now is not null)
                        marker = now;
                    Assign(current, item.Amount!, marker?.Kind);
                    current.Items.Add(item);
                    if (marker is not null)
                        current.Items.Add(marker);
                    if (marker == now)
                        now = null;
                    marker = null;
                    break;
                case Kind.Horizon:
                    if (current is null)
                    {
                        loose.Add(item);
                    }
                    else
                    {
                        if (item.Value is not { } months || (current.Horizon is { } set && set != (int)months))
                            current.HorizonUnusable = true;
                        else
                            current.Horizon = (int)months;
                        current.Items.Add(item);
                    }
                    marker = null;
                    break;
                case Kind.PerPeriod:
                    current?.Items.Add(item);
                    break;
            }
        }
        if (current is not null)
            drafts.Add(current);

        var horizons = drafts.Where(d => d.Horizon is not null).Select(d => d.Horizon!.Value)
            .Concat(loose.Where(h => h.Value is not null).Select(h => (int)h.Value!.Value)).Distinct().ToList();
        var goalDrafts = drafts.Where(d => d.Metric is not null || d.Verb is not null).ToList();
        if (horizons.Count == 1 && goalDrafts.Count > 0)
        {
            foreach (var draft in goalDrafts.Where(d => d.Horizon is null))
                draft.Horizon = horizons[0];
            foreach (var horizon in loose.Where(h => h.Value is not null))
                horizon.Consumed = true;
        }
        foreach (var draft in drafts)
        {
            if (Finish(draft) is { } goal)
                goals.Add(goal);
        }
    }

    private static void Assign(Draft draft, Amount amount, Kind? marker)
    {
        switch (marker)
        {
            case Kind.From or Kind.Current:
                draft.Extra |= draft.From is not null;
                draft.From ??= amount;
                break;
            case Kind.To or Kind.Arrow:
                draft.Extra |= draft.To is not null;
                draft.To ??= amount;
                break;
            case Kind.By:
                draft.Extra |= draft.By is not null;
                draft.By ??= amount;
                break;
            default:
                if (amount.Times)
                {
                    draft.Extra |= draft.By is not null;
                    draft.By ??= amount;
                }
                else if (draft.To is null)
                {
                    draft.To = amount;
                }
                else if (draft.From is null)
                {
                    (draft.From, draft.To) = (draft.To, amount);
                }
                else
                {
                    draft.Extra = true;
                }
                break;
        }
    }

    private bool NextSignificantIsMetric(int i, int to)
    {
        for (var k = i + 1; k < to; k++)
        {
            if (items[k].Consumed || items[k].Kind is Kind.Conjunction or Kind.Punct or Kind.Filler or Kind.GoalIntro or Kind.Modifier
                    or Kind.Dash or Kind.Colon)
                continue;
            return items[k].Kind == Kind.Metric;
        }
        return false;
    }

    /// <summary>Turns a draft into a goal. Nothing is invented: a value that cannot be read in the metric's unit is
    /// left out, a relative change ("на 20 %", "в 2 раза") becomes a target only when the starting point is given, and
    /// a goal that ends up without a target, or whose numbers contradict its verb, is also reported
    /// <c>goal_incomplete</c>.</summary>
    private Goal? Finish(Draft draft)
    {
        if (draft.Metric is null && draft.Verb is null)
            return null;
        foreach (var used in draft.Items)
            used.Consumed = true;
        var start = draft.Items.Min(x => x.Start);
        var end = draft.Items.Max(x => x.End);
        if (draft.Metric?.Meaning!.Metric is not { } key)
        {
            Report(start, end, GoalIncomplete);
            return null;
        }

        var complete = !draft.Extra && !draft.HorizonUnusable;
        var (first, target) = (draft.From, draft.To);
        if (first is not null && target is not null)
        {
            if (target.Percent && first.Bare)
                first = first with { Percent = true };
            else if (first.Percent && target.Bare)
                target = target with { Percent = true };
            if (!first.Percent && !target.Percent)
            {
                var sameScale = first.Number is { } a && target.Number is { } b && a * 100 >= b && b * 100 >= a;
                first = first with
                {
                    Currency = first.Currency ?? target.Currency,
                    Multiplier = first.Multiplier ?? (sameScale ? target.Multiplier : null),
                };
                target = target with { Currency = target.Currency ?? first.Currency };
            }
        }
        if ((first?.Percent == true || target?.Percent == true) && draft.Metric.Meaning.RatioMetric is { } ratioKey)
            key = ratioKey;
        GoalUnit? unit = MetricCatalogue.TryGet(key, out var definition)
            ? definition.Unit switch
            {
                MetricUnit.Ratio => GoalUnit.Ratio,
                MetricUnit.Money => GoalUnit.Money,
                MetricUnit.Count => GoalUnit.Count,
                _ => null,
            }
            : null;
        if (unit is not { } goalUnit)
        {
            Report(start, end, GoalIncomplete);
            return null;
        }

        var fromValue = Absolute(first, goalUnit, ref complete);
        var toValue = Absolute(target, goalUnit, ref complete);
        var currencies = new[] { first?.Currency, target?.Currency, draft.By?.Currency }.OfType<string>().Distinct().ToList();
        complete &= currencies.Count <= 1;
        var currency = goalUnit == GoalUnit.Money && currencies.Count == 1 ? currencies[0] : null;

        var direction = draft.Direction;
        if ((direction is null || direction == GoalDirection.Reach) && fromValue is { } f && toValue is { } t)
            direction = t > f ? GoalDirection.Increase : t < f ? GoalDirection.Decrease : GoalDirection.Reach;
        else if (direction is null && toValue is not null)
            direction = GoalDirection.Reach;

        if (toValue is null && (draft.By is not null || draft.Times > 0))
            toValue = Relative(fromValue, draft.By, draft.Times, direction, goalUnit, ref complete);
        if ((direction == GoalDirection.Increase && toValue < fromValue) || (direction == GoalDirection.Decrease && toValue > fromValue))
            complete = false;
        if (direction is not { } goalDirection)
        {
            Report(start, end, GoalIncomplete);
            return null;
        }
        if (toValue is null)
            complete = false;
        if (!complete)
            Report(start, end, GoalIncomplete);
        return new Goal
        {
            Metric = key,
            Direction = goalDirection,
            Unit = goalUnit,
            From = Trim(fromValue),
            To = Trim(toValue),
            Currency = currency,
            HorizonMonths = draft.Horizon,
            Text = text[start..end],
        };
    }

    /// <summary>An amount as a value of the metric's unit, or null (and the goal incomplete) when it is not one.
    /// A ratio takes a percent; a bare number above 1 and up to 100 is read as a percent too, since no conversion or
    /// share can be 20 as a fraction. Money and counts take a number with its multiplier.</summary>
    private static decimal? Absolute(Amount? amount, GoalUnit unit, ref bool complete)
    {
        if (amount is null)
            return null;
        decimal? value = amount switch
        {
            { Number: null } or { Times: true } or { Points: true } => null,
            _ when unit == GoalUnit.Ratio => amount switch
            {
                { Currency: not null } or { Multiplier: not null } => null,
                { Percent: true } => amount.Number / 100m,
                { Number: > 1 and <= 100 } => amount.Number / 100m,
                _ => null,
            },
            { Percent: true } => null,
            { Currency: not null } when unit == GoalUnit.Count => null,
            _ => Multiply(amount.Number!.Value, amount.Multiplier ?? 1m),
        };
        complete &= value is not null;
        return value;
    }

    private static decimal? Relative(decimal? from, Amount? by, decimal verbTimes, GoalDirection? direction, GoalUnit unit, ref bool complete)
    {
        decimal? result = null;
        if (from is { } start && direction is GoalDirection.Increase or GoalDirection.Decrease)
        {
            try
            {
                result = Change(start, by, verbTimes, direction == GoalDirection.Increase, unit);
            }
            catch (OverflowException)
            {
                result = null;
            }
        }
        if (result is < 0)
            result = null;
        if (result is { } value)
            result = Math.Round(value, 6, MidpointRounding.AwayFromZero);
        complete &= result is not null;
        return result;
    }

    private static decimal? Change(decimal start, Amount? by, decimal verbTimes, bool up, GoalUnit unit)
    {
        if (by is null)
            return up ? Multiply(start, verbTimes) : Divide(start, verbTimes);
        if (by.Number is not { } n)
            return null;
        return by switch
        {
            { Times: true } => up ? Multiply(start, n) : Divide(start, n),
            { Points: true } when unit == GoalUnit.Ratio => up ? start + (n / 100m) : start - (n / 100m),
            { Percent: true } when unit != GoalUnit.Ratio => Multiply(start, up ? 1m + (n / 100m) : 1m - (n / 100m)),
            { Percent: false, Points: false } when unit != GoalUnit.Ratio && Multiply(n, by.Multiplier ?? 1m) is { } delta =>
                up ? start + delta : start - delta,
            _ => null,
        };
    }

    /// <summary>Drops trailing zeros, so that 1,5 млн is 1500000 and not 1500000.0 on the wire.</summary>
    private static decimal? Trim(decimal? value) => value / 1.000000000000000000000000000000000m;

    private static decimal? Multiply(decimal a, decimal b)
    {
        try
        {
            return a * b;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static decimal? Divide(decimal a, decimal b)
    {
        if (b <= 0)
            return null;
        try
        {
            return a / b;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
