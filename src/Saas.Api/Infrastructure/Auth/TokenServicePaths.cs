namespace Saas.Api.Infrastructure.Auth;

/// <summary>The token service's paths (<c>/connect/…</c>, <c>/.well-known/…</c>), by endpoint family.</summary>
public static class TokenServicePaths
{
    public const string TokenFamily = "token";

    /// <summary>The family of a path (the endpoints clients authenticate at, userinfo, the sign-in page, discovery), or null
    /// outside the token service.</summary>
    public static string? FamilyOf(PathString path) =>
        path.StartsWithSegments("/connect/token") || path.StartsWithSegments("/connect/revoke") || path.StartsWithSegments("/connect/introspect")
            ? TokenFamily
        : path.StartsWithSegments("/connect/userinfo") ? "userinfo"
        : path.StartsWithSegments("/connect") ? "authorize"
        : path.StartsWithSegments("/.well-known") ? "discovery"
        : null;
}
