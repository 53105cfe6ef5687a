namespace Saas.Engine.Assistant.Parsing;

/// <summary>One parse of one text. The passes run in a fixed order, each over the items the previous one left:
/// phrases, numbers, horizons, role counts, amounts, goals, team size, and finally whatever is left is reported.
/// Every pass is a single left-to-right scan with bounded look-around, so the whole parse is linear in the input.</summary>
internal sealed partial class Reading
{
    private readonly string text;
    private readonly DateOnly reference;
    private readonly List<Token> tokens;
    private readonly string[]?[] typos;
    private List<Item> items = [];
    private readonly List<UnrecognizedFragment> fragments = [];

    private Reading(string text, DateOnly reference)
    {
        this.text = text;
        this.reference = reference;
        tokens = Tokenizer.Tokenize(text);
        typos = new string[]?[tokens.Count];
    }

    public static (IReadOnlyList<RoleCount> Roles, IReadOnlyList<Goal> Goals, IReadOnlyList<UnrecognizedFragment> Unrecognized)
        Read(string text, DateOnly reference)
    {
        var reading = new Reading(text, reference);
        reading.MatchPhrases();
        reading.ReadNumbers();
        reading.ReadHorizons();
        var roles = reading.BindRoles();
        reading.ReadAmounts();
        var goals = reading.ReadGoals();
        reading.ReadTeamSize(roles);
        return (roles, goals, reading.Report());
    }

    private void MatchPhrases()
    {
        var i = 0;
        while (i < tokens.Count)
        {
            var token = tokens[i];
            if (token.Kind == TokenKind.Number)
            {
                items.Add(new Item
                {
                    Kind = Kind.Number,
                    Start = token.Start,
                    End = token.End,
                    SpaceBefore = token.SpaceBefore,
                    Joined = token.Joined,
                    Value = token.Value,
                    IsInteger = token.IsInteger,
                    Norm = "#",
                });
                i++;
                continue;
            }
            if (Match(i) is { } match)
            {
                var length = match.Length;
                var number = match.Number;
                if (CaseEndingOfAcronym(i + length, match.Phrase.Meaning.Kind == Kind.Role) is { } ending)
                {
                    length++;
                    if (match.Phrase.Head == match.Phrase.Slots.Length - 1)
                        number = ending;
                }
                items.Add(new Item
                {
                    Kind = match.Phrase.Meaning.Kind,
                    Meaning = match.Phrase.Meaning,
                    Number = number,
                    Start = token.Start,
                    End = tokens[i + length - 1].End,
                    SpaceBefore = token.SpaceBefore,
                    Joined = token.Joined,
                    Norm = token.Norm,
                });
                i += length;
                continue;
            }
            items.Add(new Item
            {
                Kind = token.Kind == TokenKind.Word ? Kind.Unknown : SymbolKind(token.Norm),
                Start = token.Start,
                End = token.End,
                SpaceBefore = token.SpaceBefore,
                Joined = token.Joined,
                Norm = token.Norm,
            });
            i++;
        }
    }

    private static readonly Dictionary<string, GramNum> AcronymEndings = new(StringComparer.Ordinal)
    {
        ["а"] = GramNum.Singular,
        ["у"] = GramNum.Singular,
        ["ом"] = GramNum.Singular,
        ["е"] = GramNum.Singular,
        ["ы"] = GramNum.Plural,
        ["и"] = GramNum.Plural,
        ["ов"] = GramNum.Plural,
        ["ам"] = GramNum.Plural,
        ["ами"] = GramNum.Plural,
        ["ах"] = GramNum.Plural,
        ["ей"] = GramNum.Plural,
    };

    /// <summary>A Russian case ending hyphenated to a Latin word ("SDR-ов", "KAM-а", "CMO-шка" is not one), or to a
    /// Russian abbreviation of a role ("МОП-ов", "сдр-а"): part of the word, and its grammatical number.</summary>
    private GramNum? CaseEndingOfAcronym(int t, bool role) =>
        t < tokens.Count && t > 0 && tokens[t] is { Kind: TokenKind.Word, Joined: true }
        && (tokens[t - 1].Norm.All(char.IsAsciiLetterLower) || (role && tokens[t - 1].Norm.Length <= 3))
        && AcronymEndings.TryGetValue(tokens[t].Norm, out var number)
            ? number
            : null;

    private static Kind SymbolKind(string norm) => norm switch
    {
        "." or "!" or "?" or ";" or "\n" or "¡" or "¿" or "。" => Kind.Boundary,
        ":" or "=" => Kind.Colon,
        "-" => Kind.Dash,
        "(" or "[" => Kind.OpenParen,
        ")" or "]" => Kind.CloseParen,
        _ when norm.Length == 1 && char.IsPunctuation(norm[0]) => Kind.Punct,
        _ => Kind.Ignorable,
    };

    private readonly record struct PhraseMatch(Phrase Phrase, int Length, GramNum Number);

    /// <summary>The longest phrase starting at token <paramref name="i"/>; among equally long ones, the first
    /// registered. A token may match several slots (a word and its typo), so the trie is walked depth-first; every
    /// walk is bounded by the longest phrase.</summary>
    private PhraseMatch? Match(int i)
    {
        Phrase? best = null;
        var starts = new List<(WordSet Slot, PhraseTrie.Node Next)>(Lexicon.Trie.Start(tokens[i].Norm));
        foreach (var form in TyposOf(i))
            starts.AddRange(Lexicon.Trie.Start(form).Where(e => e.Slot.Typos));
        foreach (var (slot, next) in starts)
        {
            if (SlotForm(i, slot) is not null)
                Walk(i, 1, next, ref best);
        }
        return best is null ? null : new PhraseMatch(best, best.Slots.Length, best.Head < 0
            ? GramNum.None
            : SlotForm(i + best.Head, best.Slots[best.Head]) ?? GramNum.None);
    }

    private void Walk(int i, int depth, PhraseTrie.Node node, ref Phrase? best)
    {
        foreach (var phrase in node.Ends)
        {
            if (phrase.Meaning.Adjacent && (i == 0 || tokens[i - 1].Kind != TokenKind.Number || tokens[i].SpaceBefore))
                continue;
            if (best is null || depth > best.Slots.Length || (depth == best.Slots.Length && phrase.Order < best.Order))
                best = phrase;
        }
        var t = i + depth;
        if (t >= tokens.Count || tokens[t].Kind == TokenKind.Number)
            return;
        foreach (var (slot, next) in node.Edges)
        {
            if (slot.MustTouch && tokens[t].SpaceBefore)
                continue;
            if (SlotForm(t, slot) is not null)
                Walk(i, depth + 1, next, ref best);
        }
    }

    /// <summary>The grammatical number of the token as a form of the slot, or null when the token is not one of its
    /// forms (allowing one typo in a long word of a slot that forgives typos).</summary>
    private GramNum? SlotForm(int t, WordSet slot)
    {
        if (slot.Forms.TryGetValue(tokens[t].Norm, out var exact))
            return exact;
        if (!slot.Typos)
            return null;
        GramNum? result = null;
        foreach (var form in TyposOf(t))
        {
            if (slot.Forms.TryGetValue(form, out var number))
                result = result is null || result == number ? number : GramNum.Ambiguous;
        }
        return result;
    }

    private string[] TyposOf(int t) => typos[t] ??= tokens[t].Kind == TokenKind.Word
        ? [.. Lexicon.Typos.Candidates(tokens[t].Norm, Lexicon.Forms)]
        : [];

    private static readonly HashSet<string> CaseEndings = new(StringComparer.Ordinal)
    {
        "х", "x", "ух", "ех", "ох", "ти", "ми", "и", "м", "го", "ого", "ой", "ым", "ем", "й", "я", "е", "ю", "ью", "ых", "ри",
        "ре", "му", "ому",
    };

    /// <summary>Numbers as one item each: numeral words become numbers, "двадцать один" is 21 and "сто двадцать пять"
    /// 125, a case ending written against a number is dropped ("3-х", "5-ти"), a times sign joins its number ("x3",
    /// "3x", "×3", and "x 3" after a role), and two numbers joined by a hyphen are a range ("1-2", "15–20").</summary>
    private void ReadNumbers()
    {
        var result = new List<Item>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Kind == Kind.Numeral)
            {
                item.Kind = Kind.Number;
                item.Value = item.Meaning!.Amount;
                item.IsInteger = decimal.Truncate(item.Meaning.Amount) == item.Meaning.Amount;
                while (i + 1 < items.Count && items[i + 1] is { Kind: Kind.Numeral } lower
                       && Compounds(item.Value!.Value, lower.Meaning!.Amount))
                {
                    item.Value += lower.Meaning.Amount;
                    item.End = lower.End;
                    i++;
                }
            }
            if (item.Kind == Kind.Number && IsDate(i))
            {
                var date = items[i + 1];
                result.Add(Unknown(item.Start, date.End, item.SpaceBefore, item.Joined));
                i++;
                continue;
            }
            if (item.Kind == Kind.Number && !item.SpaceBefore && !item.Joined && result.Count > 0 && result[^1].Kind == Kind.Unknown
                && result[^1].End == item.Start && !IsTimesSign(result[^1]))
            {
                result[^1].End = item.End;
                continue;
            }
            if (item.Kind == Kind.Number)
            {
                if (result.Count > 0 && IsTimesSign(result[^1])
                    && (result[^1].Norm == "×" || !item.SpaceBefore || (result.Count > 1 && result[^2].Kind == Kind.Role))
                    && (result.Count == 1 || result[^2].Kind != Kind.Number || result[^1].SpaceBefore))
                {
                    item.Start = result[^1].Start;
                    item.Times = true;
                    result.RemoveAt(result.Count - 1);
                }
                while (i + 1 < items.Count)
                {
                    var next = items[i + 1];
                    if (next.Kind == Kind.Unknown && next.Joined && CaseEndings.Contains(next.Norm))
                    {
                        item.End = next.End;
                        i++;
                    }
                    else if (!item.Times && IsTimesSign(next) && (next.Norm == "×" || !next.SpaceBefore)
                        && !(i + 2 < items.Count && items[i + 2].Kind == Kind.Number && !items[i + 2].SpaceBefore))
                    {
                        item.End = next.End;
                        item.Times = true;
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }
                if (result.Count > 0 && result[^1].Kind is Kind.Number or Kind.Range && item.Joined)
                {
                    var previous = result[^1];
                    previous.Kind = Kind.Range;
                    previous.End = item.End;
                    previous.Value = null;
                    continue;
                }
            }
            result.Add(item);
        }
        items = result;
    }

    /// <summary>A numeral written after a larger one adds to it when it fills a lower place: hundreds take tens or
    /// units ("сто двадцать", "сто один"), tens take units ("двадцать один").</summary>
    private static bool Compounds(decimal value, decimal lower) =>
        lower >= 1 && decimal.Truncate(lower) == lower
        && ((value >= 100 && value % 100 == 0 && lower < 100) || (value % 100 >= 20 && value % 10 == 0 && lower <= 9));

    /// <summary>"1 января", "15 March", "2026 году", "2026 г.": a date, which no goal field holds; the number is not an
    /// amount.</summary>
    private bool IsDate(int i)
    {
        if (i + 1 >= items.Count || items[i].Value is not { } value)
            return false;
        var next = items[i + 1];
        if (next.Kind == Kind.MonthName)
            return value is >= 1 and <= 31;
        return value is >= 1900 and <= 2100 && items[i].IsInteger
            && ((next.Kind == Kind.PeriodUnit && next.Meaning!.Months == 12) || (next.Kind == Kind.Unknown && next.Norm == "г"));
    }

    private static Item Unknown(int start, int end, bool space, bool joined) =>
        new() { Kind = Kind.Unknown, Start = start, End = end, SpaceBefore = space, Joined = joined };

    private static bool IsTimesSign(Item item) =>
        (item.Kind == Kind.Unknown && item.Norm is "x" or "х") || (item.Kind == Kind.Ignorable && item.Norm == "×");

    /// <summary>"за 3 месяца", "in six months", "за квартал", "на квартал", "3 months": a period unit after a number or
    /// a preposition of time. "до конца года" and the like count months from the reference date, the current month
    /// included.</summary>
    private void ReadHorizons()
    {
        var result = new List<Item>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Kind == Kind.Horizon && item.Meaning!.EndOf != PeriodEnd.None)
            {
                item.Value = MonthsUntilEndOf(item.Meaning.EndOf, item.Meaning.PeriodsAhead);
            }
            else if (item.Kind == Kind.Horizon)
            {
                item.Value = item.Meaning!.Months;
            }
            else if (item.Kind is Kind.HorizonPrep or Kind.Number || (item.Kind == Kind.By && item.Norm == "на"))
            {
                var prep = item.Kind == Kind.Number ? null : item;
                var at = prep is null ? i : i + 1;
                var count = at < items.Count && items[at].Kind == Kind.Number ? items[at] : null;
                var unitAt = count is null ? at : at + 1;
                if (unitAt < items.Count && items[unitAt].Kind == Kind.PeriodUnit
                    && (count is null ? prep is not null : count is { Times: false, Value: > 0 }))
                {
                    var unit = items[unitAt].Meaning!.Months;
                    var months = Months(count?.Value ?? 1, unit);
                    if (months is not null || unit == 0)
                    {
                        // A horizon in weeks or days is still a horizon, one no goal can hold: its value stays null.
                        result.Add(new Item
                        {
                            Kind = Kind.Horizon,
                            Start = item.Start,
                            End = items[unitAt].End,
                            SpaceBefore = item.SpaceBefore,
                            Joined = item.Joined,
                            Value = months,
                        });
                        i = unitAt;
                        continue;
                    }
                }
            }
            result.Add(item);
        }
        items = result;
    }

    private static int? Months(decimal count, int unit)
    {
        var months = count * unit;
        return months is >= 1 and <= 1200 && decimal.Truncate(months) == months ? (int)months : null;
    }

    private int MonthsUntilEndOf(PeriodEnd end, int ahead)
    {
        var month = reference.Month;
        var (last, length) = end switch
        {
            PeriodEnd.Month => (month, 1),
            PeriodEnd.Quarter => ((((month - 1) / 3) + 1) * 3, 3),
            PeriodEnd.HalfYear => (month <= 6 ? 6 : 12, 6),
            _ => (12, 12),
        };
        return last - month + 1 + (ahead * length);
    }
}
