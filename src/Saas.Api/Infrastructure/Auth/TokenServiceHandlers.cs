using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>What this token service adds to OpenIddict's pipeline: its own signing keys (in the database, rotated with
/// overlap), the issuer exactly as configured, client status, RFC 6749's scope errors, revocation of a whole sign-in, and
/// introspection for partners.</summary>
public static class TokenServiceHandlers
{
    public static void Register(OpenIddictServerBuilder server)
    {
        server.AddEventHandler<GenerateTokenContext>(builder => builder.UseSingletonHandler<SignWithCurrentKey>()
            .SetOrder(Protection.AttachTokenMetadata.Descriptor.Order + 500));
        server.AddEventHandler<ValidateTokenContext>(builder => builder.UseSingletonHandler<ValidateWithPublishedKeys>()
            .SetOrder(Protection.ResolveTokenValidationParameters.Descriptor.Order + 500));
        server.AddEventHandler<HandleJsonWebKeySetRequestContext>(builder => builder.UseSingletonHandler<PublishSigningKeys>()
            .SetOrder(Discovery.AttachSigningKeys.Descriptor.Order + 500));
        server.AddEventHandler<ApplyConfigurationResponseContext>(builder => builder.UseSingletonHandler<IssuerAsConfigured>());
        server.AddEventHandler<ApplyAuthorizationResponseContext>(builder => builder.UseSingletonHandler<IssuerAsConfigured>());
        server.AddEventHandler<ApplyIntrospectionResponseContext>(builder => builder.UseSingletonHandler<IssuerAsConfigured>());
        server.AddEventHandler<ValidateAuthorizationRequestContext>(builder => builder.UseScopedHandler<ActiveClientsOnly>()
            .SetOrder(Authentication.ValidateClientIdParameter.Descriptor.Order + 500));
        server.AddEventHandler<ProcessAuthenticationContext>(builder => builder.UseScopedHandler<ActiveClientsOnly>()
            .SetOrder(ValidateClientId.Descriptor.Order + 500));
        server.AddEventHandler<ValidateAuthorizationRequestContext>(builder => builder.UseScopedHandler<GrantedScopesOnly>()
            .SetOrder(Authentication.ValidateScopePermissions.Descriptor.Order - 500));
        server.AddEventHandler<ValidateTokenRequestContext>(builder => builder.UseScopedHandler<GrantedScopesOnly>()
            .SetOrder(Exchange.ValidateScopePermissions.Descriptor.Order - 500));
        server.AddEventHandler<ValidateTokenRequestContext>(builder => builder.UseScopedHandler<ClientCredentialsForConfidentialClientsOnly>()
            .SetOrder(Exchange.ValidateClientCredentialsParameters.Descriptor.Order - 500));
        server.AddEventHandler<ProcessSignInContext>(builder => builder.UseSingletonHandler<AlwaysNameTheScope>()
            .SetOrder(AttachSignInParameters.Descriptor.Order + 500));
        server.AddEventHandler<HandleRevocationRequestContext>(builder => builder.UseScopedHandler<RevokeTheWholeSignIn>()
            .SetOrder(Revocation.RevokeToken.Descriptor.Order + 500));
        server.RemoveEventHandler(Introspection.ValidateAuthorizedParty.Descriptor);
        server.AddEventHandler<ValidateIntrospectionRequestContext>(builder => builder.UseScopedHandler<PartnersOwnTokensOnly>()
            .SetOrder(Introspection.ValidateAuthorizedParty.Descriptor.Order));
        server.AddEventHandler<HandleIntrospectionRequestContext>(builder => builder.UseSingletonHandler<DescribeAccessTokensToTheirPartner>()
            .SetOrder(Introspection.AttachApplicationClaims.Descriptor.Order + 500));
    }

    /// <summary>JWTs (access and ID tokens) are signed with the key that signs now, and name the issuer as configured: OpenIddict
    /// would write it as a URI with a trailing slash, and clients compare it as a string.</summary>
    public sealed class SignWithCurrentKey(SigningKeyStore keys, IOptions<AuthOptions> options) : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public async ValueTask HandleAsync(GenerateTokenContext context)
        {
            var key = await keys.GetSigningKeyAsync(context.CancellationToken);
            context.SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.RsaSha256);
            context.SecurityTokenDescriptor.Issuer = options.Value.Issuer;
        }
    }

    /// <summary>OpenIddict checks the tokens it is shown (an access token being revoked) against every published key.</summary>
    public sealed class ValidateWithPublishedKeys(SigningKeyStore keys) : IOpenIddictServerHandler<ValidateTokenContext>
    {
        public async ValueTask HandleAsync(ValidateTokenContext context) =>
            context.TokenValidationParameters.IssuerSigningKeys = [.. (await keys.GetPublishedKeysAsync(context.CancellationToken)).Select(k => k.Key)];
    }

    /// <summary>The JWKS lists the published keys: the successor before it signs, the current one, and predecessors until every
    /// token they signed has expired.</summary>
    public sealed class PublishSigningKeys(SigningKeyStore keys) : IOpenIddictServerHandler<HandleJsonWebKeySetRequestContext>
    {
        public async ValueTask HandleAsync(HandleJsonWebKeySetRequestContext context)
        {
            // A key exists before the first client fetches the set.
            await keys.GetSigningKeyAsync(context.CancellationToken);
            context.Keys.Clear();
            foreach (var key in await keys.GetPublishedKeysAsync(context.CancellationToken))
            {
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Key.Rsa.ExportParameters(false)));
                context.Keys.Add(new JsonWebKey { Kty = "RSA", Use = "sig", Alg = SecurityAlgorithms.RsaSha256, Kid = key.Kid, N = jwk.N, E = jwk.E });
            }
        }
    }

    /// <summary>Discovery's <c>issuer</c>, the authorization response's <c>iss</c> (RFC 9207) and an introspected token's <c>iss</c>
    /// as configured, without the trailing slash a URI would add.</summary>
    public sealed class IssuerAsConfigured(IOptions<AuthOptions> options) : IOpenIddictServerHandler<ApplyConfigurationResponseContext>,
        IOpenIddictServerHandler<ApplyAuthorizationResponseContext>, IOpenIddictServerHandler<ApplyIntrospectionResponseContext>
    {
        public ValueTask HandleAsync(ApplyConfigurationResponseContext context)
        {
            if (context.Response[OpenIddictConstants.Metadata.Issuer] is not null)
                context.Response[OpenIddictConstants.Metadata.Issuer] = options.Value.Issuer;
            return ValueTask.CompletedTask;
        }

        public ValueTask HandleAsync(ApplyAuthorizationResponseContext context)
        {
            if (context.Response.Iss is not null)
                context.Response.Iss = options.Value.Issuer;
            return ValueTask.CompletedTask;
        }

        public ValueTask HandleAsync(ApplyIntrospectionResponseContext context)
        {
            if (context.Response[OpenIddictConstants.Claims.Issuer] is not null)
                context.Response[OpenIddictConstants.Claims.Issuer] = options.Value.Issuer;
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>A disabled client is unknown: it authenticates nowhere and starts no sign-in.</summary>
    public sealed class ActiveClientsOnly(ClientDirectory clients) :
        IOpenIddictServerHandler<ValidateAuthorizationRequestContext>, IOpenIddictServerHandler<ProcessAuthenticationContext>
    {
        public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            if (!await IsActiveAsync(context.ClientId, context.CancellationToken))
                context.Reject(OpenIddictConstants.Errors.InvalidRequest, "The client is not registered or not active.");
        }

        public async ValueTask HandleAsync(ProcessAuthenticationContext context)
        {
            if (context.EndpointType is OpenIddictServerEndpointType.Token or OpenIddictServerEndpointType.Revocation
                && !string.IsNullOrEmpty(context.ClientId) && !await IsActiveAsync(context.ClientId, context.CancellationToken))
                context.Reject(OpenIddictConstants.Errors.InvalidClient, "Client authentication failed.");
        }

        private async Task<bool> IsActiveAsync(string? clientId, CancellationToken cancellationToken) =>
            !string.IsNullOrEmpty(clientId) && await clients.FindAsync(clientId, cancellationToken) is { IsActive: true };
    }

    /// <summary>A scope the client was not registered for is <c>invalid_scope</c> (RFC 6749 §4.1.2.1, §5.2), not OpenIddict's
    /// <c>invalid_request</c>.</summary>
    public sealed class GrantedScopesOnly(ClientDirectory clients) :
        IOpenIddictServerHandler<ValidateAuthorizationRequestContext>, IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public async ValueTask HandleAsync(ValidateAuthorizationRequestContext context)
        {
            if (await UngrantedAsync(context.ClientId, context.Request.GetScopes(), context.CancellationToken) is { } scope)
                context.Reject(OpenIddictConstants.Errors.InvalidScope, $"'{scope}' cannot be requested by this client.");
        }

        public async ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            if (await UngrantedAsync(context.ClientId, context.Request.GetScopes(), context.CancellationToken) is { } scope)
                context.Reject(OpenIddictConstants.Errors.InvalidScope, $"The client may not request '{scope}'.");
        }

        private async Task<string?> UngrantedAsync(string? clientId, IEnumerable<string> requested, CancellationToken cancellationToken)
        {
            var scopes = requested.ToList();
            if (scopes.Count == 0 || string.IsNullOrEmpty(clientId) || await clients.FindAsync(clientId, cancellationToken) is not { } client)
                return null;
            // openid and offline_access are OpenIddict's to judge: by the flow and the grant types the client may use.
            return scopes.FirstOrDefault(scope => scope is not (Scopes.OpenId or Scopes.OfflineAccess) && !client.Scopes.Contains(scope));
        }
    }

    /// <summary>A public client asking for client credentials is <c>unauthorized_client</c> (RFC 6749 §5.2): it has no secret to
    /// be one. OpenIddict would first answer that the secret is missing.</summary>
    public sealed class ClientCredentialsForConfidentialClientsOnly(ClientDirectory clients) : IOpenIddictServerHandler<ValidateTokenRequestContext>
    {
        public async ValueTask HandleAsync(ValidateTokenRequestContext context)
        {
            if (context.Request.IsClientCredentialsGrantType() && !string.IsNullOrEmpty(context.ClientId)
                && await clients.FindAsync(context.ClientId, context.CancellationToken) is { IsPublic: true })
                context.Reject(OpenIddictConstants.Errors.UnauthorizedClient, "Public clients cannot use client_credentials.");
        }
    }

    /// <summary>A token response names the granted scope even when it is the one requested (RFC 6749 §5.1 allows leaving it
    /// out; this service always said it, and clients read it).</summary>
    public sealed class AlwaysNameTheScope : IOpenIddictServerHandler<ProcessSignInContext>
    {
        public ValueTask HandleAsync(ProcessSignInContext context)
        {
            if (context.IncludeAccessToken && context.Response.Scope is null && context.AccessTokenPrincipal is { } principal)
                context.Response.Scope = string.Join(' ', principal.GetScopes());
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Revoking a refresh or access token ends the sign-in it belongs to: every token issued under it stops at once.</summary>
    public sealed class RevokeTheWholeSignIn(SignIns signIns) : IOpenIddictServerHandler<HandleRevocationRequestContext>
    {
        public async ValueTask HandleAsync(HandleRevocationRequestContext context)
        {
            if (context.GenericTokenPrincipal?.GetAuthorizationId() is { Length: > 0 } authorizationId)
                await signIns.EndAsync(authorizationId, context.CancellationToken);
        }
    }

    /// <summary>Introspection (RFC 7662) is for a partner's resource servers: a partner learns about its own tokens and about the
    /// access tokens of its frontends, which its services are shown, as long as the sign-in, the user and the tenant are live.
    /// Every other token is inactive to it, and a public client cannot introspect at all (OpenIddict's rule).</summary>
    public sealed class PartnersOwnTokensOnly(ClientDirectory clients, LiveCallers live) : IOpenIddictServerHandler<ValidateIntrospectionRequestContext>
    {
        public async ValueTask HandleAsync(ValidateIntrospectionRequestContext context)
        {
            // OpenIddict rejects a token it cannot read before this runs.
            var token = context.GenericTokenPrincipal ?? throw new InvalidOperationException("An introspected token has no principal.");
            var isAccessToken = token.HasTokenType(OpenIddictConstants.TokenTypeIdentifiers.AccessToken);
            var presenter = token.GetPresenters().FirstOrDefault();
            var allowed = presenter is not null && (presenter == context.ClientId
                || (isAccessToken && await clients.FindAsync(presenter, context.CancellationToken) is { } frontend
                    && frontend.PartnerClientId == context.ClientId));
            if (!allowed)
                context.Reject(OpenIddictConstants.Errors.InvalidToken, "The token was not issued to this client or to its frontends.");
            else if (isAccessToken && !await live.IsLiveAsync(token, own: true, context.CancellationToken))
                context.Reject(OpenIddictConstants.Errors.InvalidToken, "The token's tenant, user or client is no longer active.");
        }
    }

    /// <summary>What a resource server needs to authorize a call with an access token it was shown: the granted scopes and the
    /// tenant, role and employee the token speaks for. OpenIddict tells them only to an audience of the token, and the audience
    /// of every access token is this API.</summary>
    public sealed class DescribeAccessTokensToTheirPartner : IOpenIddictServerHandler<HandleIntrospectionRequestContext>
    {
        public ValueTask HandleAsync(HandleIntrospectionRequestContext context)
        {
            var token = context.GenericTokenPrincipal;
            if (!token.HasTokenType(OpenIddictConstants.TokenTypeIdentifiers.AccessToken))
                return ValueTask.CompletedTask;
            context.Scopes.UnionWith(token.GetScopes());
            foreach (var type in (string[])[ClaimNames.Tenant, ClaimNames.Role, ClaimNames.Employee])
                if (token.GetClaim(type) is { } value)
                    context.Claims[type] = value;
            return ValueTask.CompletedTask;
        }
    }
}
