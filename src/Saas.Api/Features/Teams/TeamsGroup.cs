using FastEndpoints;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Teams;

/// <summary><c>/api/v1/teams</c>: managers and admins read teams; admins change them.</summary>
public sealed class TeamsGroup : Group
{
    public TeamsGroup() => Configure("teams", endpoint =>
    {
        endpoint.Description(route => route.WithTags("Teams"));
        endpoint.Policies(Policies.TenantManager);
    });
}
