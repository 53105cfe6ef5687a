using Microsoft.AspNetCore.Identity;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Password and client-secret hashing with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>
/// (PBKDF2, per-hash salt, iteration count inside the hash).</summary>
public static class Passwords
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object NoUser = new();

    // Verified when an e-mail is unknown, so that an unknown address costs the same time as a wrong password.
    private static readonly string DecoyHash = Hasher.HashPassword(NoUser, Guid.NewGuid().ToString());

    public const int MinimumLength = 12;
    public const int MaximumLength = 256;

    public static string Hash(string password) => Hasher.HashPassword(NoUser, password);

    public static bool Verify(string? hash, string password) =>
        Hasher.VerifyHashedPassword(NoUser, hash ?? DecoyHash, password) != PasswordVerificationResult.Failed && hash is not null;

    /// <summary>The rules a new password must meet, or null when it meets them.</summary>
    public static string? Weakness(string? password, string email)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinimumLength)
            return $"The password must be at least {MinimumLength} characters long.";
        if (password.Length > MaximumLength)
            return $"The password must be at most {MaximumLength} characters long.";
        var localPart = email.Split('@')[0];
        if (string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase)
            || (localPart.Length >= 4 && string.Equals(password.Trim(), localPart, StringComparison.OrdinalIgnoreCase)))
            return "The password must not be the e-mail address.";
        if (password.Distinct().Count() < 4)
            return "The password must not repeat the same few characters.";
        return null;
    }
}
