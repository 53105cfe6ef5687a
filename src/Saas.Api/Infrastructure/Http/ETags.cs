using System.Globalization;

namespace Saas.Api.Infrastructure.Http;

/// <summary>Documents carry an integer <c>version</c>; its strong ETag is the quoted number. Writes may send
/// <c>If-Match</c> with it, and a stale one answers 412.</summary>
public static class ETags
{
    public static string For(int version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");

    /// <summary>Reads If-Match: no header or <c>*</c> means "any version" (null).</summary>
    public static bool TryReadIfMatch(HttpRequest request, out int? expectedVersion)
    {
        expectedVersion = null;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*")
            return true;
        // If-Match uses strong comparison (RFC 9110 §13.1.1), so a weak W/ tag never matches.
        if (header.Length < 3 || header[0] != '"' || header[^1] != '"')
            return false;
        if (!int.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            return false;
        expectedVersion = version;
        return true;
    }
}
