using Saas.Engine.Assistant;
using Saas.Engine.Metrics;
using Saas.Engine.Text;

namespace Saas.Api.Features.Plans.GeneratePlan;

/// <summary>A request's goals as the generator takes them, and the generator's error paths as the request named the fields.</summary>
internal static class Mapper
{
    public static Goal ToGoal(GoalInput input, Language language)
    {
        var definition = MetricCatalogue.Get(input.Metric!);
        var unit = definition.Unit switch
        {
            MetricUnit.Money => GoalUnit.Money,
            MetricUnit.Ratio => GoalUnit.Ratio,
            _ => GoalUnit.Count,
        };
        var direction = input.Direction ?? (input.From is { } from && input.To is { } to
            ? (to >= from ? GoalDirection.Increase : GoalDirection.Decrease)
            : GoalDirection.Reach);
        return new Goal
        {
            Metric = input.Metric!,
            Direction = direction,
            Unit = unit,
            From = input.From,
            To = input.To,
            HorizonMonths = input.HorizonMonths,
            // Rationales quote the goal as the user put it; a structured goal is quoted as "CR: 15 % → 20 %".
            Text = definition.Name.In(language) + ": " + (input.From is { } start ? Shown(start, unit, language) + " → " : "") + Shown(input.To!.Value, unit, language),
        };
    }

    /// <summary>The generator names the team <c>team[i]</c>; the client sent it as <c>roles[i]</c> (or as a team or
    /// text). Structured goals come first in the generator's list; the rest were read from the description.</summary>
    public static string ApiPath(string enginePath, Request request)
    {
        if (enginePath.StartsWith("team", StringComparison.Ordinal))
            return request.Roles is not null ? "roles" + enginePath["team".Length..] : request.TeamId is not null ? "teamId" : "description";
        if (enginePath.StartsWith("goals[", StringComparison.Ordinal)
            && int.TryParse(enginePath["goals[".Length..enginePath.IndexOf(']', StringComparison.Ordinal)], out var index)
            && index >= (request.Goals?.Count ?? 0))
            return "description";
        return enginePath;
    }

    private static string Shown(decimal value, GoalUnit unit, Language language) =>
        unit == GoalUnit.Ratio ? NumberText.Percent(value, language) : NumberText.Number(value, language, 0, 2);
}
