using FastEndpoints;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.Assistant;

/// <summary><c>/api/v1/assistant</c>: managers and admins have the assistant read text.</summary>
public sealed class AssistantGroup : Group
{
    public AssistantGroup() => Configure("assistant", endpoint =>
    {
        endpoint.Description(route => route.WithTags("Assistant"));
        endpoint.Policies(Policies.TenantManager);
    });
}
