using Microsoft.IdentityModel.Tokens;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Identity;

/// <summary>The published public keys: the one signing now, a successor published ahead of its turn, and
/// retired ones until the tokens they signed have expired.</summary>
public static class Jwks
{
    public sealed record KeySet(IReadOnlyList<Key> Keys);

    /// <summary>An RSA public key as a JWK (RFC 7517): modulus <c>n</c> and exponent <c>e</c>, base64url.</summary>
    public sealed record Key(string Kty, string Use, string Alg, string Kid, string N, string E);

    public static async Task<IResult> Handle(SigningKeyStore keys, HttpContext http, CancellationToken cancellationToken)
    {
        // Make sure a key exists before the first client fetches the set.
        await keys.GetSigningKeyAsync(cancellationToken);
        var published = await keys.GetPublishedKeysAsync(cancellationToken);
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(new KeySet([.. published.Select(key =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Key.Rsa.ExportParameters(false)));
            return new Key("RSA", "sig", "RS256", key.Kid, jwk.N, jwk.E);
        })]));
    }
}
