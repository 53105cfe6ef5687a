using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saas.Engine.Plans;

/// <summary>Enums as the snake_case names they are written with, never numbers. A string that names no value fails
/// with a message that lists the values, so that whoever wrote the plan can correct it; the exception is the caller's
/// choice (see <see cref="PlanJson.Create"/>).</summary>
internal sealed class SnakeCaseEnums(Func<string, JsonException> unknownValue) : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(SnakeCaseEnum<>).MakeGenericType(typeToConvert), unknownValue)!;

    private sealed class SnakeCaseEnum<T>(Func<string, JsonException> unknownValue) : JsonConverter<T> where T : struct, Enum
    {
        private static readonly FrozenDictionary<string, T> ByName =
            Enum.GetValues<T>().ToFrozenDictionary(value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()), StringComparer.Ordinal);
        private static readonly FrozenDictionary<T, string> NameOf = ByName.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);
        private static readonly string Allowed = string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal));

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Parse(reader.TokenType == JsonTokenType.String ? reader.GetString() : null);

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(Name(value));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WritePropertyName(Name(value));

        private T Parse(string? name) =>
            name is not null && ByName.TryGetValue(name, out var value)
                ? value
                : throw unknownValue(name is null ? $"Give one of: {Allowed}." : $"'{name}' is not one of: {Allowed}.");

        private static string Name(T value) =>
            NameOf.TryGetValue(value, out var name) ? name : throw new JsonException($"{value} is not a value of {typeof(T).Name}.");
    }
}
