using Saas.Engine.Common;

namespace Saas.Engine.Assistant.Parsing;

/// <summary>A word or number of the parser's lexicon found in a text, unbound: a role named in any case or number, a
/// metric, or an amount with its multiplier, currency and percent sign. Offsets are UTF-16, end exclusive.</summary>
internal sealed record Mention
{
    public required MentionKind Kind { get; init; }
    public required int Start { get; init; }
    public required int End { get; init; }
    public Role? Role { get; init; }
    public string? Metric { get; init; }

    /// <summary>An amount's value with its multiplier applied; a percent stays as written (15 for 15 %).</summary>
    public decimal? Value { get; init; }

    public bool Percent { get; init; }
    public string? Currency { get; init; }
}

internal enum MentionKind
{
    Role,
    Metric,
    Amount,
}

internal sealed partial class Reading
{
    /// <summary>The roles, metrics and amounts a text names, read with the parser's own words, cases and typos, but not
    /// bound into counts or goals: the conversation reads refinements and answers ("вес выручки продажникам до 60 %",
    /// "оклад 80 тыс") from them.</summary>
    public static IReadOnlyList<Mention> Mentions(string text)
    {
        var reading = new Reading(text, default);
        reading.MatchPhrases();
        reading.ReadNumbers();
        var items = reading.items;
        var mentions = new List<Mention>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            switch (item.Kind)
            {
                case Kind.Role:
                    mentions.Add(new Mention { Kind = MentionKind.Role, Start = item.Start, End = item.End, Role = item.Meaning!.Role });
                    break;
                case Kind.Metric when item.Meaning!.Metric is { } metric:
                    mentions.Add(new Mention { Kind = MentionKind.Metric, Start = item.Start, End = item.End, Metric = metric });
                    break;
                case Kind.Number when item.Value is { } value:
                    var (end, percent, currency) = (item.End, false, i > 0 && items[i - 1].Kind == Kind.Currency ? items[i - 1].Meaning!.Currency : null);
                    for (var k = i + 1; k < items.Count && k <= i + 3; k++)
                    {
                        var next = items[k];
                        if (next.Kind == Kind.Multiplier && (!next.Meaning!.Adjacent || !next.SpaceBefore))
                            value *= next.Meaning.Amount;
                        else if (next.Kind == Kind.Currency)
                            currency = next.Meaning!.Currency;
                        else if (next.Kind == Kind.Percent)
                            percent = true;
                        else
                            break;
                        end = next.End;
                        i = k;
                    }
                    mentions.Add(new Mention { Kind = MentionKind.Amount, Start = item.Start, End = end, Value = value, Percent = percent, Currency = currency });
                    break;
            }
        }
        return mentions;
    }
}
