using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Quality;

/// <summary>One method of one route of the running app, as its endpoint metadata declares it.</summary>
/// <param name="Pattern">The route template with constraints dropped and no trailing slash: <c>/api/v1/plans/{id}/copy</c>.</param>
/// <param name="Policies">Every policy named on the endpoint or its groups; all of them must pass.</param>
/// <param name="ContentType">The request body type the endpoint declares (<c>.Accepts</c>), if any. The router itself answers
/// 415 to another type, before authorization, so a request meant to reach the endpoint sends this one.</param>
public sealed record ApiRoute(string Method, string Pattern, string Name, IReadOnlyList<string> Policies, bool AllowsAnonymous,
    IReadOnlyList<RoutePatternParameterPart> Parameters, string? ContentType)
{
    public string Display => $"{Method} {Pattern}" + (Name.Length > 0 ? $" ({Name})" : "");

    /// <summary>The path with each parameter replaced by the value the function gives for it.</summary>
    public string Fill(Func<RoutePatternParameterPart, string> value)
    {
        var path = Pattern;
        foreach (var parameter in Parameters)
            path = path.Replace("{" + parameter.Name + "}", Uri.EscapeDataString(value(parameter)), StringComparison.Ordinal);
        return path;
    }
}

/// <summary>The app's route table, read from its <see cref="EndpointDataSource"/>, and who each authorization policy
/// lets in, so that the quality suites cover every endpoint without a list of routes to keep up to date.</summary>
public static class RouteTable
{
    /// <summary>The kinds of caller the suites act as. <c>two_credentials</c> sends an API key of one tenant together with an
    /// admin's token of another: a request authenticates with exactly one credential, so every protected route answers 400.</summary>
    public static readonly string[] Callers = ["anonymous", "api_key", "employee", "manager", "admin", "partner", TwoCredentials];

    public const string TwoCredentials = "two_credentials";

    /// <summary>Who each policy in <see cref="Saas.Api.Infrastructure.Auth.Policies"/> lets in. This is the specification
    /// the matrix checks the running app against; a policy that is not here fails the matrix, so a new policy gets its
    /// line here when it is added. The API key caller holds both <c>actuals:write</c> and <c>actuals:read</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> PolicyCallers = new Dictionary<string, string[]>
    {
        [Policies.TenantUser] = ["employee", "manager", "admin"],
        [Policies.TenantManager] = ["manager", "admin"],
        [Policies.TenantAdmin] = ["admin"],
        [Policies.Partner] = ["partner"],
        [Policies.ApiKey] = ["api_key"],
        [Policies.ActualsWrite] = ["api_key", "admin"],
        [Policies.ActualsRead] = ["api_key", "manager", "admin"],
    };

    /// <summary>The kind of credential a caller presents: none, an API key, or a bearer token (users and partners alike).</summary>
    public static string CredentialOf(string caller) => caller switch
    {
        "anonymous" => "none",
        "api_key" => "api_key",
        _ => "bearer",
    };

    /// <summary>Every route endpoint of the app, one entry per HTTP method. An endpoint that accepts any method
    /// (health checks) is listed as <c>GET</c>.</summary>
    public static IReadOnlyList<ApiRoute> Read(ITestApi api)
    {
        api.Client().Dispose(); // starts the server, so that the endpoints are built
        var routes = new List<ApiRoute>();
        foreach (var endpoint in api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var metadata = endpoint.Metadata;
            var pattern = Normalize(endpoint.RoutePattern);
            // FastEndpoints adds a policy of its own per endpoint that names policies ("epPolicy:<endpoint type>"); it asks for an
            // authenticated user and nothing else, which every named policy asks for too.
            var policies = metadata.GetOrderedMetadata<IAuthorizeData>()
                .Select(data => data.Policy ?? "(authorization without a policy name)")
                .Where(policy => !policy.StartsWith("epPolicy:", StringComparison.Ordinal))
                .Concat(metadata.GetOrderedMetadata<AuthorizationPolicy>().Select(_ => "(inline policy)"))
                .Distinct().ToList();
            var methods = metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared ? declared : ["GET"];
            foreach (var method in methods)
                routes.Add(new ApiRoute(method, pattern, metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "", policies,
                    metadata.GetMetadata<IAllowAnonymous>() is not null, endpoint.RoutePattern.Parameters,
                    metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.FirstOrDefault()));
        }
        return routes.OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ToList();
    }

    /// <summary>What a caller should get from an endpoint with these policies: <c>allowed</c>, <c>401</c> (no
    /// credential of a kind any of the policies takes), <c>403</c> (a credential the policies take, but not this caller's
    /// right) or <c>400</c> (two credentials); null with the reason when a policy is unknown.</summary>
    public static (string? Expected, string? Unknown) Expect(IReadOnlyList<string> policies, string caller)
    {
        if (policies.FirstOrDefault(p => !PolicyCallers.ContainsKey(p)) is { } unknown)
            return (null, unknown);
        if (caller == TwoCredentials)
            return ("400", null);
        var allowed = policies.Select(p => PolicyCallers[p]).Aggregate((a, b) => a.Intersect(b).ToArray());
        if (allowed.Contains(caller))
            return ("allowed", null);
        // A valid API key where only bearer tokens are taken is a credential of the wrong kind: 403 with what to use instead.
        var kinds = policies.SelectMany(p => PolicyCallers[p]).Select(CredentialOf).ToHashSet();
        return (kinds.Contains(CredentialOf(caller)) || CredentialOf(caller) == "api_key" ? "403" : "401", null);
    }

    /// <summary><c>/api/v1/plans/{id:guid}/copy</c> → <c>/api/v1/plans/{id}/copy</c>; <c>/api/v1/plans/</c> → <c>/api/v1/plans</c>.</summary>
    public static string Normalize(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            _ => part.ToString(),
        }))));

    /// <summary>A placeholder for a route parameter when only authorization matters: a random GUID where the route
    /// wants one, a well-formed period, else a made-up name.</summary>
    public static string Placeholder(RoutePatternParameterPart parameter)
    {
        if (parameter.ParameterPolicies.Any(p => p.Content == "guid"))
            return Guid.NewGuid().ToString();
        if (parameter.Name == "period")
            return "2026-11";
        return "placeholder-" + Guid.NewGuid().ToString("N")[..8];
    }
}
