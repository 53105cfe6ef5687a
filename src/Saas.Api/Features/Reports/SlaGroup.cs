using FastEndpoints;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Reports;

/// <summary><c>/api/v1/sla</c>: the first-response SLA's reports, for managers and admins, under the Reports tag.</summary>
public sealed class SlaGroup : Group
{
    public SlaGroup() => Configure("sla", endpoint =>
    {
        endpoint.Description(route => route.WithTags("Reports"));
        endpoint.Policies(Policies.TenantManager);
    });
}
