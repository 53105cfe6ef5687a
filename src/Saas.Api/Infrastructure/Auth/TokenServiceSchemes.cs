using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Saas.Api.Infrastructure.Auth;

/// <summary>OpenIddict's server takes part in authentication as a request handler: on every request it would open a
/// transaction and run its request pipeline only to find that the request is not its own, which made every API call cost a
/// third more CPU. Outside the token service's paths there are no request handlers, and the caller is authenticated by the
/// default scheme alone.</summary>
public sealed class TokenServiceSchemes(IOptions<AuthenticationOptions> options, IHttpContextAccessor accessor) : AuthenticationSchemeProvider(options)
{
    public override Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync() =>
        accessor.HttpContext is { } http && TokenServicePaths.FamilyOf(http.Request.Path) is null
            ? Task.FromResult(Enumerable.Empty<AuthenticationScheme>())
            : base.GetRequestHandlerSchemesAsync();
}
