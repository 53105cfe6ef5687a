namespace Saas.Engine.Assistant.Parsing;

/// <summary>A number with what was written around it: "1,5 млн ₽", "15 %", "5 п.п.", "в 2 раза", "x3".</summary>
internal sealed record Amount
{
    /// <summary>Null for a range ("15-20 %") or a number too long to read.</summary>
    public decimal? Number { get; init; }

    public bool IsInteger { get; init; }
    public decimal? Multiplier { get; init; }
    public string? Currency { get; init; }
    public bool Percent { get; init; }
    public bool Points { get; init; }
    public bool Times { get; init; }
    public bool Approximate { get; init; }

    public bool Bare => Multiplier is null && Currency is null && !Percent && !Points && !Times;
}

/// <summary>A span of the input read as one thing: a phrase of the lexicon, a number, an unknown word or a symbol.
/// The passes of <see cref="Reading"/> merge items (a number and its unit), bind them (a count to its role) and mark
/// them consumed; whatever meaningful is left unconsumed is reported.</summary>
internal sealed class Item
{
    public required Kind Kind { get; set; }
    public required int Start { get; set; }
    public required int End { get; set; }

    /// <summary>Whitespace precedes the item's first token.</summary>
    public required bool SpaceBefore { get; init; }

    /// <summary>The item's first token is hyphen-joined to the previous one.</summary>
    public required bool Joined { get; init; }

    public Meaning? Meaning { get; init; }
    public GramNum Number { get; init; }

    /// <summary>The token's normal form, for unknown words and symbols.</summary>
    public string Norm { get; init; } = "";

    public decimal? Value { get; set; }
    public bool IsInteger { get; set; }
    public bool Times { get; set; }
    public Amount? Amount { get; set; }
    public bool Consumed { get; set; }

    public int Length => End - Start;
}
