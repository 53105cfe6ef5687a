namespace Saas.Engine.Plans;

public enum AttributeOperator
{
    Is,
    IsNot,
    In,
    Above,
    AtLeast,
    Below,
    AtMost,
}

/// <summary>A test of one deal attribute: <c>contract_months above 12</c>, <c>product_line in [cloud, ai]</c>. <see cref="Value"/>
/// serves every operator but <c>in</c>, which takes <see cref="Values"/>. A deal without the attribute matches no condition
/// on it, <c>is_not</c> included: a rule pays on what the CRM said, never on what it left out.</summary>
public sealed record DealCondition
{
    public required string Attribute { get; init; }
    public required AttributeOperator Operator { get; init; }
    public AttributeValue? Value { get; init; }
    public IReadOnlyList<AttributeValue>? Values { get; init; }

    public bool Holds(IReadOnlyDictionary<string, AttributeValue> attributes)
    {
        if (!attributes.TryGetValue(Attribute, out var actual))
            return false;
        return Operator switch
        {
            AttributeOperator.Is => Value is { } v && actual.Equals(v),
            AttributeOperator.IsNot => Value is { } v && !actual.Equals(v),
            AttributeOperator.In => Values?.Contains(actual) == true,
            _ => actual.Type == DealAttributeType.Number && Value is { Type: DealAttributeType.Number } bound && Operator switch
            {
                AttributeOperator.Above => actual.Number > bound.Number,
                AttributeOperator.AtLeast => actual.Number >= bound.Number,
                AttributeOperator.Below => actual.Number < bound.Number,
                _ => actual.Number <= bound.Number,
            },
        };
    }

    /// <summary>Every value the condition names, whichever operator.</summary>
    public IEnumerable<AttributeValue> Given() => Value is { } one ? (Values ?? []).Append(one) : Values ?? [];

    /// <summary>"contract_months > 12", "product_line ∈ {cloud, ai}".</summary>
    public override string ToString() => Operator switch
    {
        AttributeOperator.In => $"{Attribute} ∈ {{{string.Join(", ", Values ?? [])}}}",
        _ => $"{Attribute} {Symbol} {Value}",
    };

    private string Symbol => Operator switch
    {
        AttributeOperator.Is => "=",
        AttributeOperator.IsNot => "≠",
        AttributeOperator.Above => ">",
        AttributeOperator.AtLeast => "≥",
        AttributeOperator.Below => "<",
        _ => "≤",
    };
}

/// <summary>A per-deal rule of a share component: when every condition in <see cref="When"/> holds for a deal, the deal is
/// paid at <see cref="Rate"/> instead of the component's rate or tiers, or its commission is multiplied by
/// <see cref="Multiplier"/> (1.5 for multi-year contracts, 0 to leave a product line out). The first rule that matches
/// applies; a deal no rule matches is paid by the component's own terms.</summary>
public sealed record DealRule
{
    /// <summary>A name for statement lines ("Multi-year contract"); the conditions are shown when absent.</summary>
    public string? Label { get; init; }

    public required IReadOnlyList<DealCondition> When { get; init; }
    public decimal? Rate { get; init; }
    public decimal? Multiplier { get; init; }

    /// <summary>The largest multiplier a rule may set: enough for any kicker seen in practice, small enough to catch a typo.</summary>
    public const decimal MaxMultiplier = 10m;

    public const int MaxConditions = 10;

    public static DealRule? FirstMatching(IReadOnlyList<DealRule>? rules, IReadOnlyDictionary<string, AttributeValue>? attributes) =>
        attributes is null ? null : rules?.FirstOrDefault(rule => rule.When.All(condition => condition.Holds(attributes)));

    public string Describe() => Label ?? string.Join(" ∧ ", When);
}
