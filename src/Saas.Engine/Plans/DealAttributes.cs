using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Saas.Engine.Common;

namespace Saas.Engine.Plans;

public enum DealAttributeType
{
    Number,
    Text,
    Boolean,
}

/// <summary>The value of a deal attribute as a CRM sends it: a number, a text or a flag. Texts compare without regard to
/// case, since CRMs spell one product line "Cloud" and "cloud".</summary>
[JsonConverter(typeof(AttributeValueJson))]
public readonly record struct AttributeValue
{
    private AttributeValue(DealAttributeType type, decimal number, string? text, bool flag) =>
        (Type, Number, Text, Flag) = (type, number, text, flag);

    public DealAttributeType Type { get; }
    public decimal Number { get; }
    public string? Text { get; }
    public bool Flag { get; }

    public static AttributeValue Of(decimal number) => new(DealAttributeType.Number, number, null, false);
    /// <summary>Surrounding spaces are not part of a text: a CRM's "cloud " is the rule's "cloud".</summary>
    public static AttributeValue Of(string text) => new(DealAttributeType.Text, 0m, text.Trim(), false);
    public static AttributeValue Of(bool flag) => new(DealAttributeType.Boolean, 0m, null, flag);

    public bool Equals(AttributeValue other) => Type == other.Type && Type switch
    {
        DealAttributeType.Number => Number == other.Number,
        DealAttributeType.Text => string.Equals(Text, other.Text, StringComparison.OrdinalIgnoreCase),
        _ => Flag == other.Flag,
    };

    public override int GetHashCode() => Type switch
    {
        DealAttributeType.Number => HashCode.Combine(Type, Number),
        DealAttributeType.Text => HashCode.Combine(Type, StringComparer.OrdinalIgnoreCase.GetHashCode(Text ?? "")),
        _ => HashCode.Combine(Type, Flag),
    };

    public override string ToString() => Type switch
    {
        DealAttributeType.Number => Number.ToString(CultureInfo.InvariantCulture),
        DealAttributeType.Text => Text ?? "",
        _ => Flag ? "true" : "false",
    };
}

/// <summary>Reads a JSON string, number or boolean; anything else is not an attribute value.</summary>
internal sealed class AttributeValueJson : JsonConverter<AttributeValue>
{
    // "could not be converted" is what the API's readers of JSON take for a value of the wrong type.
    private const string WrongValue = "The JSON value could not be converted to an attribute value: a string, a number or true/false.";

    public override AttributeValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                string text;
                try
                {
                    text = reader.GetString()!;
                }
                catch (InvalidOperationException e)
                {
                    // A lone surrogate (\uDC00) is no text.
                    throw new JsonException(WrongValue, e);
                }
                return AttributeValue.Of(text);
            case JsonTokenType.Number when reader.TryGetDecimal(out var number):
                return AttributeValue.Of(number);
            case JsonTokenType.True:
                return AttributeValue.Of(true);
            case JsonTokenType.False:
                return AttributeValue.Of(false);
            default:
                throw new JsonException(WrongValue);
        }
    }

    public override void Write(Utf8JsonWriter writer, AttributeValue value, JsonSerializerOptions options)
    {
        switch (value.Type)
        {
            case DealAttributeType.Number:
                writer.WriteNumberValue(value.Number);
                break;
            case DealAttributeType.Text:
                writer.WriteStringValue(value.Text);
                break;
            default:
                writer.WriteBooleanValue(value.Flag);
                break;
        }
    }
}

/// <summary>A deal attribute a tenant declares in its settings, beside the built-in ones.</summary>
public sealed record DealAttributeDefinition(string Key, DealAttributeType Type);

/// <summary>The attributes every tenant's deals may carry, and the rules for keys and values.</summary>
public static partial class DealAttributes
{
    public const string ContractMonths = "contract_months";
    public const string ProductLine = "product_line";
    public const string DealType = "deal_type";
    public const int MaxPerDeal = 20;
    public const int MaxDeclared = 30;
    public const int MaxTextLength = 200;

    /// <summary>The values <see cref="DealType"/> takes.</summary>
    public static readonly string[] DealTypes = ["new", "renewal", "expansion"];

    public static IReadOnlyList<DealAttributeDefinition> BuiltIn { get; } =
    [
        new(ContractMonths, DealAttributeType.Number),
        new(ProductLine, DealAttributeType.Text),
        new(DealType, DealAttributeType.Text),
    ];

    /// <summary>The built-in attributes by key: what a plan checked without a tenant's declarations may name.</summary>
    public static IReadOnlyDictionary<string, DealAttributeType> BuiltInByKey { get; } = Known(null);

    [GeneratedRegex("^[a-z][a-z0-9_]{1,49}$", RegexOptions.CultureInvariant)]
    public static partial Regex KeyPattern();

    public const string KeyRule = "2–50 lowercase letters, digits or underscores, starting with a letter";

    /// <summary>What to say of a key that breaks <see cref="KeyRule"/>, or null. The key is not echoed: it may not even be
    /// text that JSON can carry back.</summary>
    public static string? KeyProblem(string key) => KeyPattern().IsMatch(key) ? null : $"Attribute keys are {KeyRule}.";

    /// <summary>The built-in attributes and the tenant's own, by key.</summary>
    public static IReadOnlyDictionary<string, DealAttributeType> Known(IEnumerable<DealAttributeDefinition>? declared) =>
        BuiltIn.Concat(declared ?? []).GroupBy(d => d.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Type, StringComparer.Ordinal);

    /// <summary>What to say of a key that is neither built in nor declared.</summary>
    public static string Unknown(string key, IReadOnlyDictionary<string, DealAttributeType> known) =>
        $"'{key}' is not a deal attribute of this tenant: use {string.Join(", ", known.Keys.Order(StringComparer.Ordinal))}, " +
        "or declare it in the tenant's settings (dealAttributes).";

    /// <summary>Why a deal cannot carry this value under this key for a tenant with <paramref name="known"/> attributes, or null.</summary>
    public static string? Problem(string key, AttributeValue value, IReadOnlyDictionary<string, DealAttributeType> known) =>
        known.TryGetValue(key, out var type) ? Problem(key, type, value) : Unknown(key, known);

    /// <summary>Why a value cannot be the attribute's, or null when it can.</summary>
    public static string? Problem(string key, DealAttributeType type, AttributeValue value)
    {
        if (value.Type != type)
            return $"'{key}' is a {Wire(type)} attribute; {value} is a {Wire(value.Type)}.";
        if (type == DealAttributeType.Text && (value.Text!.Length is 0 || value.Text.Length > MaxTextLength || value.Text.Contains('\0')))
            return $"'{key}' is a text of 1 to {MaxTextLength} characters (not counting surrounding spaces), without NUL.";
        if (type == DealAttributeType.Number && Math.Abs(value.Number) >= PlanShape.MaxNumber)
            return $"'{key}' stays below 10^15.";
        if (key == DealType && !DealTypes.Contains(value.Text!.ToLowerInvariant()))
            return $"'{DealType}' is one of {string.Join(", ", DealTypes)}.";
        return null;
    }

    public static string Wire(DealAttributeType type) => WireNames.ToWire(type.ToString());
}
