using System.Security.Cryptography;
using System.Text;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>API keys look like <c>sk_live_&lt;32 base62 characters&gt;&lt;6 base62 checksum&gt;</c>: 190 random
/// bits, and a checksum (32 bits of its SHA-256) so a mistyped or truncated key is rejected without a database look-up. The
/// recognisable prefix lets secret scanners find leaked keys.</summary>
public static class ApiKeyFormat
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private const int BodyLength = 32; // 32 × log2(62) ≈ 190 bits
    private const int ChecksumLength = 6;

    public static (string Key, string Prefix) Create(string environment)
    {
        var body = RandomNumberGenerator.GetString(Alphabet, BodyLength);
        var key = $"sk_{environment}_{body}{Checksum(body)}";
        // The prefix shown in lists: the environment and the first four characters, not enough to use.
        return (key, key[..(key.Length - BodyLength - ChecksumLength + 4)]);
    }

    public static bool IsWellFormed(string? key)
    {
        if (key is null || !key.StartsWith("sk_", StringComparison.Ordinal))
            return false;
        var separator = key.IndexOf('_', 3);
        if (separator < 4 || key.Length != separator + 1 + BodyLength + ChecksumLength)
            return false;
        var body = key.AsSpan(separator + 1, BodyLength);
        foreach (var c in key.AsSpan(separator + 1))
            if (!Alphabet.Contains(c))
                return false;
        return key.AsSpan(separator + 1 + BodyLength).SequenceEqual(Checksum(body.ToString()));
    }

    private static string Checksum(string body)
    {
        var value = BitConverter.ToUInt32(SHA256.HashData(Encoding.ASCII.GetBytes(body)), 0);
        var text = new char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            text[i] = Alphabet[(int)(value % 62)];
            value /= 62;
        }
        return new string(text);
    }
}
