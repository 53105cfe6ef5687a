using System.Collections;

namespace Saas.Engine.Metrics;

/// <summary>Measured metric values for one subject (an employee, a role, a group) and one span of time, keyed
/// by catalogue key. A key that is absent means "no data", which is not the same as zero.</summary>
public sealed class MetricValues : IReadOnlyDictionary<string, decimal>
{
    private readonly Dictionary<string, decimal> _values;

    public MetricValues(IEnumerable<KeyValuePair<string, decimal>> values) =>
        _values = new Dictionary<string, decimal>(values, StringComparer.Ordinal);

    public static MetricValues Empty { get; } = new([]);

    public static MetricValues Of(params (string Metric, decimal Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Metric, v.Value)));

    public decimal? Find(string metric) => _values.TryGetValue(metric, out var value) ? value : null;

    public decimal this[string key] => _values[key];
    public IEnumerable<string> Keys => _values.Keys;
    public IEnumerable<decimal> Values => _values.Values;
    public int Count => _values.Count;
    public bool ContainsKey(string key) => _values.ContainsKey(key);
    public bool TryGetValue(string key, out decimal value) => _values.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, decimal>> GetEnumerator() => _values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
