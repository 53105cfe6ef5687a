using FastEndpoints;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.ProblemDescriptions.GetProblemType;

public sealed class Endpoint : EndpointWithoutRequest<ProblemTypeDescription>
{
    public override void Configure()
    {
        Get("{name}");
        Group<ProblemsGroup>();
        Description(route => route.WithName("GetProblemType"));
        Summary(summary => summary.Summary = "Describe one problem type");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var name = Route<string>("name")!;
        if (ProblemTypes.All.FirstOrDefault(type => type.Name == name) is not { } type)
        {
            await Send.ResultAsync(Problems.NotFound("problem type", name));
            return;
        }
        await Send.OkAsync(ProblemTypeDescription.Of(type), cancellationToken);
    }
}
