using System.Security.Claims;
using System.Security.Cryptography;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners;

/// <summary>A partner registers a frontend: a public client that signs users in with the authorization code
/// flow and PKCE. Only users of this partner's tenants can sign in through it, and browsers call the API for it from its
/// allowed origins only (CORS).</summary>
public static class RegisterClient
{
    public sealed record Request(string? Name, IReadOnlyList<string>? RedirectUris, IReadOnlyList<string>? AllowedOrigins);

    public sealed record Response(string ClientId, string Name, string Kind, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> AllowedOrigins,
        IReadOnlyList<string> Scopes);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator(CorsSettings cors)
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.RedirectUris).NotEmpty().Must(uris => uris is null || uris.Count <= 10).WithMessage("At most 10 redirect URIs.");
            RuleForEach(r => r.RedirectUris).Must(IsAcceptableRedirect)
                .WithMessage("'{PropertyValue}' must be an absolute https URI without a fragment (plain http only for localhost).");
            RuleFor(r => r.AllowedOrigins).Must(origins => origins is null || origins.Count <= 10).WithMessage("At most 10 allowed origins.");
            RuleForEach(r => r.AllowedOrigins).Must(origin => Origins.Parse(origin) is { } parsed && Origins.IsAllowedScheme(parsed, cors.AllowHttpOrigins))
                .WithMessage(cors.AllowHttpOrigins
                    ? "'{PropertyValue}' must be an origin: http(s)://host[:port], with no path, not even '/', and no wildcard."
                    : "'{PropertyValue}' must be an https origin: https://host[:port], with no path, not even '/', and no wildcard.");
        }

        // https, or http on the loopback interface for local development (RFC 8252 §7.3); never a fragment.
        private static bool IsAcceptableRedirect(string? value) =>
            Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Fragment.Length == 0 && value!.Length <= 2000 &&
            (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
    }

    public static async Task<Results<Created<Response>, ProblemHttpResult>> Handle(Request request, ClaimsPrincipal caller, PlatformDb db,
        CorsSettings cors, ClientOrigins origins, CancellationToken cancellationToken)
    {
        var clientId = "app-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var scopes = Scopes.UserScopes;
        var allowedOrigins = OAuthClient.OriginsOrDefault(request.AllowedOrigins, request.RedirectUris!, cors.AllowHttpOrigins);
        await using var work = await db.BeginAsync(cancellationToken);
        await work.ExecuteAsync("""
            insert into oauth_clients (client_id, name, kind, scopes, redirect_uris, allowed_origins, partner_client_id)
            values (@clientId, @name, 'public', @scopes, @uris, @allowedOrigins, @partner)
            """, new { clientId, name = request.Name!.Trim(), scopes, uris = request.RedirectUris!.ToArray(), allowedOrigins, partner = caller.PartnerId() });
        await work.CommitAsync();
        origins.Invalidate();
        return TypedResults.Created($"/api/v1/partner/clients/{clientId}",
            new Response(clientId, request.Name.Trim(), "public", request.RedirectUris!, allowedOrigins, scopes));
    }
}

public static class ListClients
{
    public static async Task<Ok<List<RegisterClient.Response>>> Handle(ClaimsPrincipal caller, PlatformDb db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var clients = await work.QueryAsync<OAuthClient>(
            $"select {OAuthClient.Columns} from oauth_clients where partner_client_id = @partner order by created_at", new { partner = caller.PartnerId() });
        return TypedResults.Ok(clients.Select(c => new RegisterClient.Response(c.ClientId, c.Name, c.Kind, c.RedirectUris, c.AllowedOrigins, c.Scopes)).ToList());
    }
}
