using System.Security.Claims;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Partners;

public static class PartnerClaims
{
    /// <summary>The calling partner's client id (the policy guarantees a partner token).</summary>
    public static string PartnerId(this ClaimsPrincipal user) => user.FindFirst(ClaimNames.ClientId)!.Value;
}
