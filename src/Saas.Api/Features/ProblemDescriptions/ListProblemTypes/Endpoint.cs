using FastEndpoints;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.ProblemDescriptions.ListProblemTypes;

public sealed class Endpoint : EndpointWithoutRequest<List<ProblemTypeDescription>>
{
    public override void Configure()
    {
        Get("");
        Group<ProblemsGroup>();
        Description(route => route.WithName("ListProblemTypes"));
        Summary(summary => summary.Summary = "List the problem types that errors name in their type");
    }

    public override Task HandleAsync(CancellationToken cancellationToken) =>
        Send.OkAsync(ProblemTypes.All.Select(ProblemTypeDescription.Of).ToList(), cancellationToken);
}
