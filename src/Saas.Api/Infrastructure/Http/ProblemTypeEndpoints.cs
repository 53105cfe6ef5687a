namespace Saas.Api.Infrastructure.Http;

public static class ProblemTypeEndpoints
{
    /// <summary>Serves the description of each problem <c>type</c>, so the URI in an error resolves to
    /// something a developer can read.</summary>
    public static void MapProblemTypes(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/problems").WithTags("Problems").AllowAnonymous();
        group.MapGet("/", () => TypedResults.Ok(ProblemTypes.All.Select(Describe)));
        group.MapGet("/{name}", (string name) =>
            ProblemTypes.All.FirstOrDefault(type => type.Name == name) is { } type
                ? Microsoft.AspNetCore.Http.Results.Ok(Describe(type))
                : Problems.NotFound("problem type", name));
    }

    private static object Describe(ProblemType type) =>
        new { type = type.Uri, status = type.Status, title = type.Title, description = type.Description };
}
