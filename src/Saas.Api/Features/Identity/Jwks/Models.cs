namespace Saas.Api.Features.Identity.Jwks;

public sealed record KeySet(IReadOnlyList<Key> Keys);

/// <summary>An RSA public key as a JWK (RFC 7517): modulus <c>n</c> and exponent <c>e</c>, base64url.</summary>
public sealed record Key(string Kty, string Use, string Alg, string Kid, string N, string E);
