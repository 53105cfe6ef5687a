using FastEndpoints;
using Mapster;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners.RegisterClient;

/// <summary>A partner registers a frontend: a public client that signs users in with the authorization code flow and
/// PKCE. Only users of this partner's tenants can sign in through it, and browsers call the API for it from its allowed
/// origins only (CORS).</summary>
public sealed class Endpoint(ClientDirectory clients, CorsSettings cors, ClientOrigins origins) : Endpoint<Request, Response>
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
        var allowedOrigins = OAuthClient.OriginsOrDefault(request.AllowedOrigins, request.RedirectUris!, cors.AllowHttpOrigins);
        var client = await clients.AddFrontendAsync(User.PartnerId(), request.Name!.Trim(), request.RedirectUris!, request.PostLogoutRedirectUris ?? [],
            allowedOrigins, cancellationToken);
        origins.Invalidate();
        await Send.ResultAsync(TypedResults.Created($"/api/v1/partner/clients/{client.ClientId}", client.Adapt<Response>()));
    }
}
