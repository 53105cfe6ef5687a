using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saas.Api.Features.Employees;

/// <summary>An employee's ids in outside systems, one per system, by system in ordinal order as answers list them. Immutable.
/// An employee has a few and every read of employees reads them, so they are a sorted array read by a converter of its own.
/// As a <see cref="SortedDictionary{TKey,TValue}"/> read by System.Text.Json they cost a page of 50 employees 183 KiB
/// allocated instead of 147 (the reader's stack frames for the nested object, the tree's nodes, the enumerator's stack
/// when written; infra/bench/results/compare-requests-external-id-map.md).</summary>
[JsonConverter(typeof(Json))]
public sealed class ExternalIdMap : IReadOnlyDictionary<string, string>
{
    public static readonly ExternalIdMap None = new([]);

    private readonly KeyValuePair<string, string>[] _pairs;

    private ExternalIdMap(KeyValuePair<string, string>[] sortedPairs) => _pairs = sortedPairs;

    /// <summary>The ids by system, sorted here; a system may come only once.</summary>
    public static ExternalIdMap Of(IEnumerable<KeyValuePair<string, string>> ids)
    {
        var pairs = ids.ToArray();
        if (pairs.Length == 0)
            return None;
        Array.Sort(pairs, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        for (var i = 1; i < pairs.Length; i++)
            if (pairs[i].Key == pairs[i - 1].Key)
                throw new ArgumentException($"The system '{pairs[i].Key}' is named twice.", nameof(ids));
        return new ExternalIdMap(pairs);
    }

    public int Count => _pairs.Length;

    public string this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"No id for the system '{key}'.");

    public IEnumerable<string> Keys => _pairs.Select(pair => pair.Key);

    public IEnumerable<string> Values => _pairs.Select(pair => pair.Value);

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>A scan: an employee has a few ids (at most <see cref="EmployeeFields.MaxExternalSystems"/>).</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Key == key)
            {
                value = pair.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A JSON object of strings, as documents store the map.</summary>
    private sealed class Json : JsonConverter<ExternalIdMap>
    {
        public override ExternalIdMap Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new JsonException("External ids are an object of strings by system.");
            var pairs = new List<KeyValuePair<string, string>>();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var system = reader.GetString()!;
                reader.Read();
                // The API never writes a system without its id, but a document edited by hand might, and one such employee
                // must not fail every page of employees: it names no id.
                if (reader.TokenType == JsonTokenType.Null)
                    continue;
                if (reader.TokenType != JsonTokenType.String)
                    throw new JsonException($"The external id for '{system}' is not a string.");
                pairs.Add(new(system, reader.GetString()!));
            }
            // A jsonb object has no duplicate keys, so Of's check never fails here.
            return Of(pairs);
        }

        public override void Write(Utf8JsonWriter writer, ExternalIdMap value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var (system, id) in value._pairs)
                writer.WriteString(system, id);
            writer.WriteEndObject();
        }
    }
}
