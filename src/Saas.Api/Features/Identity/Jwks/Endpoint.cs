using FastEndpoints;
using Microsoft.IdentityModel.Tokens;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Identity.Jwks;

/// <summary>The published public keys: the one signing now, a successor published ahead of its turn, and retired ones until
/// the tokens they signed have expired.</summary>
public sealed class Endpoint(SigningKeyStore keys) : EndpointWithoutRequest<KeySet>
{
    public override void Configure()
    {
        Get("/.well-known/jwks.json");
        Group<TokenServiceGroup>();
        Description(route => route.WithName("Jwks"));
        Summary(summary => summary.Summary = "Public keys that sign access tokens (JWKS)");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        // Make sure a key exists before the first client fetches the set.
        await keys.GetSigningKeyAsync(cancellationToken);
        var published = await keys.GetPublishedKeysAsync(cancellationToken);
        HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        await Send.OkAsync(new KeySet([.. published.Select(key =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Key.Rsa.ExportParameters(false)));
            return new Key("RSA", "sig", "RS256", key.Kid, jwk.N, jwk.E);
        })]), cancellationToken);
    }
}
