using FastEndpoints;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Employees;

/// <summary><c>/api/v1/employees</c>: managers and admins read employees; admins change them.</summary>
public sealed class EmployeesGroup : Group
{
    public EmployeesGroup() => Configure("employees", endpoint =>
    {
        endpoint.Description(route => route.WithTags("Employees"));
        endpoint.Policies(Policies.TenantManager);
    });
}
