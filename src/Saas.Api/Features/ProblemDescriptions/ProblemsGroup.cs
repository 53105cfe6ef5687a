using FastEndpoints;

namespace Saas.Api.Features.ProblemDescriptions;

/// <summary><c>/problems</c>: what each problem <c>type</c> means, so the URI in an error resolves to something a developer can
/// read. Public, outside <c>/api/v1</c>.</summary>
public sealed class ProblemsGroup : Group
{
    public ProblemsGroup() => Configure("problems", endpoint =>
    {
        endpoint.RoutePrefixOverride(string.Empty);
        endpoint.AllowAnonymous();
        endpoint.Description(route => route.WithTags("Problems"));
    });
}
