using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Opaque one-time secrets (authorization codes, refresh and activation tokens). Each carries the
/// tenant it belongs to in the clear next to 256 random bits, so the token service can open that tenant's
/// unit of work before looking the token up; only its SHA-256 hash is stored.</summary>
public static class Secrets
{
    private const int RandomBytes = 32;

    public static string NewTenantToken(string prefix, Guid tenantId)
    {
        Span<byte> bytes = stackalloc byte[16 + RandomBytes];
        tenantId.TryWriteBytes(bytes[..16]);
        RandomNumberGenerator.Fill(bytes[16..]);
        return prefix + Base64Url.EncodeToString(bytes);
    }

    public static bool TryReadTenant(string? token, string prefix, out Guid tenantId)
    {
        tenantId = default;
        if (token is null || !token.StartsWith(prefix, StringComparison.Ordinal) || token.Length > prefix.Length + 80)
            return false;
        var encoded = token.AsSpan(prefix.Length);
        // TryDecodeFromChars throws on some malformed input (non-zero trailing bits), so validate first.
        if (!Base64Url.IsValid(encoded, out var length) || length != 16 + RandomBytes)
            return false;
        Span<byte> bytes = stackalloc byte[16 + RandomBytes];
        Base64Url.DecodeFromChars(encoded, bytes);
        tenantId = new Guid(bytes[..16]);
        return true;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
