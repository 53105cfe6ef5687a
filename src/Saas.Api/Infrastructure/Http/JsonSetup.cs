using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using FastEndpoints;

namespace Saas.Api.Infrastructure.Http;

public static class JsonSetup
{
    /// <summary>Strict reading: an unknown or duplicated property is an error rather than silently ignored (no
    /// mass assignment), numbers are numbers, enums are snake_case strings (an unknown one is told the allowed values).
    /// A request's members that come from the route or the query (<c>[RouteParam]</c>, <c>[QueryParam]</c>) are not part
    /// of its JSON: a body naming them is refused like any unknown property.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new SnakeCaseEnums());
        options.Converters.Add(new NoNulStrings());
        options.TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutRouteAndQueryMembers } };
    }

    private static void LeaveOutRouteAndQueryMembers(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
            return;
        for (var i = type.Properties.Count - 1; i >= 0; i--)
            if (type.Properties[i].AttributeProvider is PropertyInfo property && IsFromRouteOrQuery(property))
                type.Properties.RemoveAt(i);
    }

    /// <summary>A member's name in JSON, in the query string and in errors: camelCase unless it says otherwise.</summary>
    public static string NameOf(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    /// <summary>A request member bound from the route or the query string rather than the body.</summary>
    public static bool IsFromRouteOrQuery(PropertyInfo property) =>
        property.IsDefined(typeof(RouteParamAttribute), true) || property.IsDefined(typeof(QueryParamAttribute), true);

    /// <summary>Enums as snake_case strings, never numbers; a string that names no value is an error that lists the values.</summary>
    private sealed class SnakeCaseEnums : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(SnakeCaseEnum<>).MakeGenericType(typeToConvert))!;
    }

    private sealed class SnakeCaseEnum<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly FrozenDictionary<string, T> ByName =
            Enum.GetValues<T>().ToFrozenDictionary(value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()), StringComparer.Ordinal);
        private static readonly FrozenDictionary<T, string> NameOf = ByName.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);
        private static readonly string Allowed = string.Join(", ", ByName.Keys.Order(StringComparer.Ordinal));

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            return name is not null && ByName.TryGetValue(name, out var value)
                ? value
                : throw new EnumValueException(name is null ? $"Give one of: {Allowed}." : $"'{name}' is not one of: {Allowed}.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(NameOf.TryGetValue(value, out var name) ? name : JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()));
    }

    /// <summary>PostgreSQL text cannot hold U+0000; refusing it while reading makes it the field's error (and, in a
    /// batch, that item's) instead of a failed write later.</summary>
    private sealed class NoNulStrings : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var value = reader.GetString();
            if (value is not null && value.Contains('\0', StringComparison.Ordinal))
                throw new JsonException("The value could not be converted: it contains the character U+0000.");
            return value;
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
