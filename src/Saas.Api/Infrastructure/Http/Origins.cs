using System.Text.RegularExpressions;

namespace Saas.Api.Infrastructure.Http;

/// <summary>Web origins (RFC 6454) as browsers send them in <c>Origin</c>: scheme, host and a port other than the default,
/// lower case, nothing else.</summary>
public static partial class Origins
{
    /// <summary>The origin written exactly (no path, not even <c>/</c>, no query, user or wildcard), normalised; null otherwise.</summary>
    public static string? Parse(string? value) =>
        value is not null && value.Length <= 300 && OriginShape().IsMatch(value) && Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? Of(uri)
            : null;

    /// <summary>The origin of an absolute http(s) URI, such as a redirect URI.</summary>
    public static string Of(Uri uri) =>
        $"{uri.Scheme}://{uri.IdnHost.ToLowerInvariant()}{(uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}";

    /// <summary>Allowed as a frontend's origin: https, or http where the settings allow it (development).</summary>
    public static bool IsAllowedScheme(string origin, bool allowHttp) =>
        origin.StartsWith("https://", StringComparison.Ordinal) || (allowHttp && origin.StartsWith("http://", StringComparison.Ordinal));

    [GeneratedRegex("^https?://[^/?#@\\s*]+$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginShape();
}
