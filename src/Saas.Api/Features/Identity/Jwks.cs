using Microsoft.IdentityModel.Tokens;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Identity;

/// <summary>The published public keys: the one signing now, a successor published ahead of its turn, and
/// retired ones until the tokens they signed have expired.</summary>
public static class Jwks
{
    public static async Task<IResult> Handle(SigningKeyStore keys, HttpContext http, CancellationToken cancellationToken)
    {
        // Make sure a key exists before the first client fetches the set.
        await keys.GetSigningKeyAsync(cancellationToken);
        var published = await keys.GetPublishedKeysAsync(cancellationToken);
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Results.Json(new
        {
            keys = published.Select(key =>
            {
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Key.Rsa.ExportParameters(false)));
                return new { kty = "RSA", use = "sig", alg = "RS256", kid = key.Kid, n = jwk.N, e = jwk.E };
            }),
        });
    }
}
