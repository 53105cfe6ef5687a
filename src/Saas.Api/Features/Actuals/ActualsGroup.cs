using FastEndpoints;

namespace Saas.Api.Features.Actuals;

/// <summary><c>/api/v1/actuals</c>: integrations write with <c>actuals:write</c> and read with <c>actuals:read</c>, each
/// endpoint naming the one it needs.</summary>
public sealed class ActualsGroup : Group
{
    public ActualsGroup() => Configure("actuals", endpoint => endpoint.Description(route => route.WithTags("Actuals")));
}
