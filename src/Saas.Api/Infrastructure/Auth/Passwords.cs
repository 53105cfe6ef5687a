using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>Password and client-secret hashing. Client secrets use ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>
/// (PBKDF2, a random salt per hash). Users' passwords use the same PBKDF2 with a salt derived from their e-mail, so that
/// every membership of one address (ADR 0010) is checked with one derivation: a sign-in costs the same whether the
/// address belongs to no company, one, or twenty.</summary>
public static class Passwords
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object NoUser = new();

    // Verified when there is nothing to verify, so that every path costs the same time as a real check.
    private static readonly string DecoyHash = Hasher.HashPassword(NoUser, Guid.NewGuid().ToString());

    public const int MinimumLength = 12;
    public const int MaximumLength = 256;

    /// <summary>The format of users' password hashes: <c>pbkdf2-sha512$iterations$subkey</c>, the salt being the e-mail's.</summary>
    private const string SignInFormat = "pbkdf2-sha512";
    private const int SignInIterations = 100_000;
    private const int SubkeyBytes = 32;

    /// <summary>A client secret's hash (random salt).</summary>
    public static string Hash(string secret) => Hasher.HashPassword(NoUser, secret);

    /// <summary>Checks a client secret (or, for memberships from before ADR 0010, a password) against its random-salt hash;
    /// a null hash is checked against a decoy and fails.</summary>
    public static bool Verify(string? hash, string secret) =>
        Hasher.VerifyHashedPassword(NoUser, hash ?? DecoyHash, secret) != PasswordVerificationResult.Failed && hash is not null;

    /// <summary>A user's password hash, salted with the e-mail so that all memberships of the address share one derivation.</summary>
    public static string HashForSignIn(string email, string password) => new SignInKey(email, password).StoredForm;

    /// <summary>Whether a stored hash is of the random-salt kind (a membership activated before ADR 0010).</summary>
    public static bool IsRandomSalted(string? hash) => hash is not null && !hash.StartsWith(SignInFormat + "$", StringComparison.Ordinal);

    /// <summary>The derivation of one e-mail and password, computed once per sign-in and compared with each membership's hash.</summary>
    public sealed class SignInKey
    {
        private readonly byte[] _subkey;

        public SignInKey(string email, string password)
        {
            var salt = SHA256.HashData(Encoding.UTF8.GetBytes("saas sign-in:" + email.Trim().ToLowerInvariant()));
            _subkey = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, SignInIterations, HashAlgorithmName.SHA512, SubkeyBytes);
        }

        public string StoredForm => $"{SignInFormat}${SignInIterations}${Convert.ToBase64String(_subkey)}";

        /// <summary>Whether this e-mail and password open a membership with this hash (one of this format; constant time).</summary>
        public bool Opens(string? hash) => hash is not null && !IsRandomSalted(hash)
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(StoredForm), Encoding.ASCII.GetBytes(hash));
    }

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
