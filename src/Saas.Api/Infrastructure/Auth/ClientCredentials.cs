using System.Net.Http.Headers;
using System.Text;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Client credentials sent as HTTP Basic (RFC 6749 §2.3.1).</summary>
public static class ClientCredentials
{
    /// <summary>The client id and secret of an <c>Authorization: Basic</c> header; <c>Used</c> without an id when the header is
    /// Basic but malformed.</summary>
    public static (string? ClientId, string? Secret, bool Used) FromBasicHeader(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
            return (null, null, false);
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter ?? ""));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
                return (null, null, true);
            // Both parts are form-urlencoded before being joined.
            return (Uri.UnescapeDataString(decoded[..colon].Replace('+', ' ')), Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' ')), true);
        }
        catch (FormatException)
        {
            return (null, null, true);
        }
    }
}
