using Microsoft.AspNetCore.Http.HttpResults;

namespace Saas.Api.Infrastructure.Http;

public static class ProblemTypeEndpoints
{
    /// <summary>Serves the description of each problem <c>type</c>, so the URI in an error resolves to
    /// something a developer can read.</summary>
    public static void MapProblemTypes(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/problems").WithTags("Problems").AllowAnonymous();
        group.MapGet("/", () => TypedResults.Ok(ProblemTypes.All.Select(Describe).ToList())).WithName("ListProblemTypes")
            .WithSummary("List the problem types that errors name in their type");
        group.MapGet("/{name}", Results<Ok<ProblemTypeDescription>, ProblemHttpResult> (string name) =>
            ProblemTypes.All.FirstOrDefault(type => type.Name == name) is { } type
                ? TypedResults.Ok(Describe(type))
                : Problems.NotFound("problem type", name)).WithName("GetProblemType").WithSummary("Describe one problem type");
    }

    private static ProblemTypeDescription Describe(ProblemType type) => new(type.Uri, type.Status, type.Title, type.Description);
}

/// <summary>What <c>GET /problems/{name}</c> answers: the <c>type</c> URI an error carries and what it means.</summary>
public sealed record ProblemTypeDescription(string Type, int Status, string Title, string Description);
