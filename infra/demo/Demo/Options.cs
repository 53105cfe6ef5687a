using System.Globalization;
using System.Text.RegularExpressions;

namespace Saas.Demo;

/// <summary>The command line of infra/demo/run.</summary>
public sealed record Options(Uri Api, int Seed, int Months, int LeadsPerMonth, string? Slug, string PartnerId, string PartnerSecret, string ClientId,
    string RedirectUri)
{
    public const string Usage = """
        Usage: infra/demo/run [options]
          --api URL              the running API (default http://localhost:5080, as ./infra/dev/run serves it)
          --seed N               seed of the generated company activity (default 42): the same seed, the same events
          --months N             months of activity, ending with the last full month before today (default 3)
          --leads N              leads in the first month; later months grow by 7 % (default 450)
          --slug SLUG            the tenant's slug (default demo-<seed>; when taken, -2, -3, … is appended)
          --partner-id ID        partner client (default dev-partner, the Development bootstrap client)
          --partner-secret S     its secret (default dev-partner-secret)
          --client-id ID         frontend client users sign in through (default swagger-ui, the Development one)
          --redirect-uri URI     its registered redirect URI (default <api>/swagger/oauth2-redirect.html, the Development one)
        """;

    public static Options? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                return Fail(args[i].StartsWith("--", StringComparison.Ordinal) ? $"{args[i]} needs a value" : $"unexpected argument '{args[i]}'");
            values[args[i][2..]] = args[++i];
        }
        var known = new[] { "api", "seed", "months", "leads", "slug", "partner-id", "partner-secret", "client-id", "redirect-uri" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
            return Fail($"unknown option --{unknown}");
        int Number(string name, int fallback, int min, int max)
        {
            if (!values.TryGetValue(name, out var text))
                return fallback;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
                throw new ArgumentException($"--{name} takes a whole number from {min} to {max}, not '{text}'");
            return value;
        }
        try
        {
            var api = values.GetValueOrDefault("api", Environment.GetEnvironmentVariable("SAAS_DEMO_API") ?? "http://localhost:5080");
            if (!Uri.TryCreate(api, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw new ArgumentException($"--api takes an http(s) URL, not '{api}'");
            var slug = values.GetValueOrDefault("slug");
            if (slug is not null && !Regex.IsMatch(slug, "^[a-z0-9][a-z0-9-]{1,55}[a-z0-9]$"))
                throw new ArgumentException("--slug takes 3–57 lower-case letters, digits and inner hyphens");
            return new Options(uri, Number("seed", 42, 0, int.MaxValue), Number("months", 3, 1, 12), Number("leads", 450, 10, 20_000), slug,
                values.GetValueOrDefault("partner-id", "dev-partner"), values.GetValueOrDefault("partner-secret", "dev-partner-secret"),
                values.GetValueOrDefault("client-id", "swagger-ui"),
                values.GetValueOrDefault("redirect-uri", api.TrimEnd('/') + "/swagger/oauth2-redirect.html"));
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }
    }

    private static Options? Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine(Usage);
        return null;
    }
}
