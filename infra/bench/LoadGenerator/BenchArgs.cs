using System.Globalization;

namespace Saas.Bench;

/// <summary>A benchmark verb's options, <c>--name value</c> pairs and bare switches such as <c>--profile</c>, read the
/// same way by every verb.</summary>
public sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values;

    private BenchArgs(Dictionary<string, string> values) => _values = values;

    /// <summary>The verb's options built by <paramref name="build"/>, or null after saying on standard error what was
    /// wrong: an argument that is not an option, an option without its value, a missing required one, a number that is
    /// not one, or what <paramref name="invalid"/> finds wrong with the built options.</summary>
    public static T? Parse<T>(string verb, string[] args, Func<BenchArgs, T> build, Func<T, string?> invalid, params string[] switches) where T : class
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                return Fail<T>(verb, $"unexpected argument '{args[i]}'");
            if (switches.Contains(args[i][2..]))
                values[args[i][2..]] = "true";
            else if (i + 1 < args.Length)
                values[args[i][2..]] = args[++i];
            else
                return Fail<T>(verb, $"{args[i]} needs a value");
        }
        try
        {
            var options = build(new BenchArgs(values));
            return invalid(options) is { } problem ? Fail<T>(verb, problem) : options;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            return Fail<T>(verb, e.Message);
        }
    }

    public string Required(string name) => _values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Number(string name, int fallback) => _values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>Whether <paramref name="period"/> is a month like 2026-10.</summary>
    public static bool IsMonth(string period) =>
        DateOnly.TryParseExact(period + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static T? Fail<T>(string verb, string message) where T : class
    {
        Console.Error.WriteLine($"load generator{(verb == "" ? "" : " " + verb)}: {message}");
        return null;
    }
}
