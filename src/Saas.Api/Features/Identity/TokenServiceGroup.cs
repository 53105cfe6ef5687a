using FastEndpoints;

namespace Saas.Api.Features.Identity;

/// <summary>The token service (<c>/.well-known/…</c>, <c>/connect/…</c>): outside <c>/api/v1</c>, and open to callers without a
/// token, who authenticate in the request itself (clients by their secret, users on the sign-in page).</summary>
public sealed class TokenServiceGroup : Group
{
    public TokenServiceGroup() => Configure("", endpoint =>
    {
        endpoint.RoutePrefixOverride(string.Empty);
        endpoint.AllowAnonymous();
        endpoint.Description(route => route.WithTags("Token service"));
    });
}
