using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Saas.Api.Infrastructure.Auth;

public sealed record AccessToken(string Value, int ExpiresInSeconds);

/// <summary>Issues access tokens as JWTs per RFC 9068: <c>typ: at+jwt</c>, RS256 with the current key's
/// <c>kid</c>, audience <c>saas-api</c>, short-lived.</summary>
public sealed class TokenIssuer(SigningKeyStore keys, IOptions<AuthOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<AccessToken> IssueAsync(string subject, string clientId, IEnumerable<string> scopes,
        IReadOnlyDictionary<string, object>? userClaims, CancellationToken cancellationToken)
    {
        var key = await keys.GetSigningKeyAsync(cancellationToken);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [ClaimNames.Subject] = subject,
            [ClaimNames.ClientId] = clientId,
            [ClaimNames.Scope] = string.Join(' ', scopes),
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };
        foreach (var (name, value) in userClaims ?? new Dictionary<string, object>())
            claims[name] = value;

        var token = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = AuthOptions.Audience,
            TokenType = "at+jwt",
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + settings.AccessTokenLifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256),
        });
        return new AccessToken(token, (int)settings.AccessTokenLifetime.TotalSeconds);
    }

    /// <summary>An OpenID Connect ID token for the client (audience = client id), when it asked for <c>openid</c>. Its
    /// <c>auth_time</c> is the original sign-in, on refresh too (OpenID Connect Core §2, §12.2).</summary>
    public async Task<string> IssueIdTokenAsync(string subject, string clientId, string? nonce, DateTime authenticatedAt,
        IReadOnlyDictionary<string, object> userClaims,
        CancellationToken cancellationToken)
    {
        var key = await keys.GetSigningKeyAsync(cancellationToken);
        var settings = options.Value;
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>(userClaims)
        {
            [ClaimNames.Subject] = subject,
            ["auth_time"] = new DateTimeOffset(authenticatedAt, TimeSpan.Zero).ToUnixTimeSeconds(),
        };
        if (!string.IsNullOrEmpty(nonce))
            claims["nonce"] = nonce;
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = clientId,
            TokenType = "JWT",
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + settings.AccessTokenLifetime).UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256),
        });
    }
}
