using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Partners.RegisterClient;

public sealed class Request
{
    public string? Name { get; init; }

    public IReadOnlyList<string>? RedirectUris { get; init; }

    /// <summary>Where <c>/connect/endsession</c> may send the browser after a sign-out; none by default.</summary>
    public IReadOnlyList<string>? PostLogoutRedirectUris { get; init; }

    public IReadOnlyList<string>? AllowedOrigins { get; init; }
}

/// <summary>A registered frontend; also what <c>ListPartnerClients</c> lists.</summary>
public sealed record Response(string ClientId, string Name, string Kind, IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris, IReadOnlyList<string> AllowedOrigins, IReadOnlyList<string> Scopes);

public sealed class Validator : Validator<Request>
{
    public Validator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.RedirectUris).NotEmpty().Must(uris => uris is null || uris.Count <= 10).WithMessage("At most 10 redirect URIs.");
        RuleForEach(r => r.RedirectUris).Must(IsAcceptableRedirect)
            .WithMessage("'{PropertyValue}' must be an absolute https URI without a fragment (plain http only for localhost).");
        RuleFor(r => r.PostLogoutRedirectUris).Must(uris => uris is null || uris.Count <= 10).WithMessage("At most 10 post-logout redirect URIs.");
        RuleForEach(r => r.PostLogoutRedirectUris).Must(IsAcceptableRedirect)
            .WithMessage("'{PropertyValue}' must be an absolute https URI without a fragment (plain http only for localhost).");
        RuleFor(r => r.AllowedOrigins).Must(origins => origins is null || origins.Count <= 10).WithMessage("At most 10 allowed origins.");
        RuleForEach(r => r.AllowedOrigins).Must(origin => Origins.Parse(origin) is { } parsed && Origins.IsAllowedScheme(parsed, AllowHttpOrigins))
            .WithMessage(_ => AllowHttpOrigins
                ? "'{PropertyValue}' must be an origin: http(s)://host[:port], with no path, not even '/', and no wildcard."
                : "'{PropertyValue}' must be an https origin: https://host[:port], with no path, not even '/', and no wildcard.");
    }

    // Read while validating, from the request's own services: FastEndpoints builds one validator for the whole process,
    // which may run several hosts with different settings (the tests do).
    private bool AllowHttpOrigins => Resolve<CorsSettings>().AllowHttpOrigins;

    // https, or http on the loopback interface for local development (RFC 8252 §7.3); never a fragment.
    private static bool IsAcceptableRedirect(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Fragment.Length == 0 && value!.Length <= 2000 &&
        (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
