using System.Security.Cryptography;
using FastEndpoints;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners.RegisterClient;

/// <summary>A partner registers a frontend: a public client that signs users in with the authorization code flow and
/// PKCE. Only users of this partner's tenants can sign in through it, and browsers call the API for it from its allowed
/// origins only (CORS).</summary>
public sealed class Endpoint(PlatformDb db, CorsSettings cors, ClientOrigins origins) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("clients");
        Group<PartnersGroup>();
        Description(route => route.WithName("RegisterClient").Produces<Response>(StatusCodes.Status201Created));
        Summary(summary => summary.Summary = "Register a frontend (public OAuth client with PKCE)");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var clientId = "app-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var name = request.Name!.Trim();
        var scopes = Infrastructure.Auth.Scopes.UserScopes;
        var allowedOrigins = OAuthClient.OriginsOrDefault(request.AllowedOrigins, request.RedirectUris!, cors.AllowHttpOrigins);
        await using var work = await db.BeginAsync(cancellationToken);
        await work.ExecuteAsync("""
            insert into oauth_clients (client_id, name, kind, scopes, redirect_uris, allowed_origins, partner_client_id)
            values (@clientId, @name, 'public', @scopes, @uris, @allowedOrigins, @partner)
            """, new { clientId, name, scopes, uris = request.RedirectUris!.ToArray(), allowedOrigins, partner = User.PartnerId() });
        await work.CommitAsync();
        origins.Invalidate();
        await Send.ResultAsync(TypedResults.Created($"/api/v1/partner/clients/{clientId}",
            new Response(clientId, name, "public", request.RedirectUris!, allowedOrigins, scopes)));
    }
}
