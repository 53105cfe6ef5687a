using FastEndpoints;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Identity.Discovery;

/// <summary>OpenID Connect discovery (and RFC 8414 authorization server metadata).</summary>
public sealed class Endpoint(IOptions<AuthOptions> options) : EndpointWithoutRequest<Dictionary<string, object>>
{
    public override void Configure()
    {
        Get("/.well-known/openid-configuration");
        Group<TokenServiceGroup>();
        Description(route => route.WithName("Discovery"));
        Summary(summary => summary.Summary = "OpenID Connect discovery document");
    }

    public override Task HandleAsync(CancellationToken cancellationToken)
    {
        var issuer = options.Value.Issuer;
        return Send.OkAsync(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["jwks_uri"] = issuer + "/.well-known/jwks.json",
            ["authorization_endpoint"] = issuer + "/connect/authorize",
            ["token_endpoint"] = issuer + "/connect/token",
            ["revocation_endpoint"] = issuer + "/connect/revoke",
            ["scopes_supported"] = new[] { Infrastructure.Auth.Scopes.OpenId, Infrastructure.Auth.Scopes.Api, Infrastructure.Auth.Scopes.OfflineAccess, Infrastructure.Auth.Scopes.Partner },
            ["response_types_supported"] = new[] { "code" },
            ["response_modes_supported"] = new[] { "query" },
            ["grant_types_supported"] = new[] { "authorization_code", "client_credentials", "refresh_token" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "none" },
            ["revocation_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "none" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["authorization_response_iss_parameter_supported"] = true,
            ["claims_supported"] = new[] { "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "tenant_id", "role", "employee_id", "email", "name" },
        }, cancellationToken);
    }
}
