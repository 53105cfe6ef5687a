using FastEndpoints;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Reports;

/// <summary><c>/api/v1/reports</c>: managers and admins read the tenant's reports.</summary>
public sealed class ReportsGroup : Group
{
    public ReportsGroup() => Configure("reports", endpoint =>
    {
        endpoint.Description(route => route.WithTags("Reports"));
        endpoint.Policies(Policies.TenantManager);
    });
}
