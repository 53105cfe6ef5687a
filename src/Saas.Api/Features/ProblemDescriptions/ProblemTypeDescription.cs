using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.ProblemDescriptions;

/// <summary>What <c>GET /problems/{name}</c> answers: the <c>type</c> URI an error carries and what it means.</summary>
public sealed record ProblemTypeDescription(string Type, int Status, string Title, string Description)
{
    public static ProblemTypeDescription Of(ProblemType type) => new(type.Uri, type.Status, type.Title, type.Description);
}
