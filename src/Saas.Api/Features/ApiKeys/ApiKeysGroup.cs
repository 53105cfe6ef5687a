using FastEndpoints;
using Saas.Api.Infrastructure.Auth;

namespace Saas.Api.Features.ApiKeys;

/// <summary><c>/api/v1/api-keys</c>: admins manage their integrations' keys. The key's own check
/// (<c>CurrentApiKey</c>) is called with a key, not by an admin, and so is outside this group.</summary>
public sealed class ApiKeysGroup : Group
{
    public const string Tag = "API keys";

    public ApiKeysGroup() => Configure("api-keys", endpoint =>
    {
        endpoint.Description(route => route.WithTags(Tag));
        endpoint.Policies(Policies.TenantAdmin);
    });
}
