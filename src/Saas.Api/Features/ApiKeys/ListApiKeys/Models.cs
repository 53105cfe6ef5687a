using FastEndpoints;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.ApiKeys.ListApiKeys;

public sealed class Request : PageRequest
{
    /// <summary>Also list revoked keys.</summary>
    [QueryParam]
    public bool IncludeRevoked { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => Include(new PageRequestValidator());
}
