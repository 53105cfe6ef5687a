using FastEndpoints;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Users;

/// <summary><c>/api/v1/users</c>: who signs in to the company, managed by its admins only.</summary>
public sealed class UsersGroup : Group
{
    public UsersGroup() => Configure("users", endpoint =>
    {
        endpoint.Description(route => route.WithTags("Users"));
        endpoint.Policies(Policies.TenantAdmin);
    });
}
