using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Assistant;

namespace Saas.Api.Features.Teams;

/// <summary>A team described in words (a team's <c>description</c>, a plan generated from text).</summary>
public static class TeamDescriptions
{
    /// <summary>A team cannot be made of guesses: a role without an exact count, or no role at all, is asked back.</summary>
    public static ProblemHttpResult? Problem(TeamAndGoals understood)
    {
        var inexact = understood.Roles.Where(r => r.Count is null).ToList();
        if (inexact.Count > 0)
            return Problems.Validation("description",
                "How many people hold these roles? " + string.Join("; ", inexact.Select(r => $"'{r.Text}'")) + ". Give a number for each.", "ExactCount");
        if (!understood.Roles.Any(r => r.Count > 0))
            return Problems.Validation("description",
                "No role was recognised in the description; name the roles and how many people hold each"
                + (understood.Unrecognized.Count > 0 ? " (not understood: " + string.Join("; ", understood.Unrecognized.Select(u => $"'{u.Text}'")) + ")." : "."),
                "RolesFound");
        return null;
    }
}
