using FastEndpoints;

namespace Saas.Api.Features.Statements;

/// <summary><c>/api/v1/periods/{period}</c>: what admins do to a pay period of their tenant (calculate, export, lock).
/// Each endpoint names its policy.</summary>
public sealed class PeriodsGroup : Group
{
    public PeriodsGroup() => Configure("periods", endpoint => endpoint.Description(route => route.WithTags("Statements")));
}
