using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Saas.Api.Features.Webhooks;

/// <summary>How a receiver knows a delivery is ours and fresh: <c>Webhook-Signature: v1=&lt;hex&gt;</c>, the
/// HMAC-SHA256 with the subscription's secret of <c>"{Webhook-Timestamp}.{body}"</c>. The timestamp (Unix seconds) is
/// signed with the body, so a receiver that rejects old timestamps is safe from replays.</summary>
public static class WebhookSignature
{
    public const string Version = "v1";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return Version + "=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), content));
    }

    /// <summary>What a receiver does, in constant time; here for tests and the documentation's example.</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, timestamp, body)), Encoding.ASCII.GetBytes(signature));
}

/// <summary>Exponential back-off: the first retry after <c>first</c>, each next one twice as late, at most <c>max</c>.</summary>
public static class WebhookRetry
{
    public static TimeSpan DelayAfter(int attempt, TimeSpan first, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempt);
        var doublings = Math.Min(attempt - 1, 30);
        var delay = first * Math.Pow(2, doublings);
        return delay < max ? delay : max;
    }
}

/// <summary>Subscription secrets are stored encrypted with the data-protection keys (kept in the database, shared by the
/// instances), so that a copy of the table signs nothing; the dispatcher decrypts one when it signs.</summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    public const string Purpose = "Saas.Webhooks.Secrets.v1";

    private readonly IDataProtector _protector = protection.CreateProtector(Purpose);

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string stored) => _protector.Unprotect(stored);
}
