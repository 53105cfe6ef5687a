using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Api.Features.Assistant;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Metrics;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Api.Features.Plans;

/// <summary>The assistant proposes a plan from a team and its goals, and stores it as a draft with its explanation
/// (KPIs per role with rationale, funnel math, SMART checks, bonus cost, assumptions, warnings). The team comes from
/// exactly one of <c>teamId</c> (its positions and employees), <c>roles</c>, or the roles in <c>description</c>;
/// goals from <c>goals</c> and from <c>description</c>. The tenant's language and currency are used.</summary>
public static class GeneratePlan
{
    public sealed record Request(
        Guid? TeamId,
        IReadOnlyList<RoleInput>? Roles,
        string? Description,
        IReadOnlyList<GoalInput>? Goals,
        Economics? Economics,
        IReadOnlyList<string>? Periods,
        string? Name);

    public sealed record RoleInput(string? Role, int? Count, decimal? BaseSalary);

    /// <summary>A structured goal. Ratios are fractions (0.2 = 20 %). The unit follows from the metric; the direction
    /// from <c>from</c> and <c>to</c> when not given. <c>horizonMonths</c>: months to reach <c>to</c>, ramping from
    /// <c>from</c>; for a volume or money goal without <c>from</c> it also says what period <c>to</c> is the total of.</summary>
    public sealed record GoalInput(string? Metric, GoalDirection? Direction, decimal? From, decimal? To, int? HorizonMonths);

    /// <summary>What is kept next to a generated plan: the assistant's reading of the text (when there was one)
    /// and the generator's explanation.</summary>
    public sealed record Explanation(
        TeamAndGoals? Understood,
        IReadOnlyList<RoleProposal> Roles,
        FunnelPlan Funnel,
        IReadOnlyList<SmartCheck> Smart,
        CostEstimate Cost,
        IReadOnlyList<Assumption> Assumptions,
        IReadOnlyList<GenerationWarning> Warnings);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r).Must(r => r.TeamId is not null || r.Roles is not null || !string.IsNullOrWhiteSpace(r.Description))
                .OverridePropertyName("roles").WithMessage("Give the team as 'teamId', as 'roles', or in words in 'description'.");
            RuleFor(r => r).Must(r => r.TeamId is null || r.Roles is null)
                .OverridePropertyName("roles").WithMessage("Give either 'teamId' or 'roles', not both.");
            RuleForEach(r => r.Roles).NotNull().WithMessage("An item cannot be null.");
            RuleForEach(r => r.Goals).NotNull().WithMessage("An item cannot be null.");
            RuleForEach(r => r.Periods).NotNull().WithMessage("An item cannot be null.");
            RuleForEach(r => r.Roles).ChildRules(role =>
            {
                role.RuleFor(x => x.Role).NotEmpty().Must(x => Saas.Engine.Common.Roles.TryParse(x, out _)).WithMessage("'role' is not a known role.");
                role.RuleFor(x => x.Count).NotNull().InclusiveBetween(1, 1000);
                role.RuleFor(x => x.BaseSalary).GreaterThanOrEqualTo(0m).LessThan(10_000_000_000m);
            }).When(r => r.Roles is not null);
            RuleForEach(r => r.Goals).ChildRules(goal =>
            {
                goal.RuleFor(g => g.Metric).NotEmpty().Must(m => MetricCatalogue.TryGet(m, out _)).WithMessage("'metric' must be a key of the metric catalogue.");
                goal.RuleFor(g => g.To).NotNull().Must(v => v is null || Math.Abs(v.Value) < 1_000_000_000_000m)
                    .WithMessage("'to' is required and stays below 10^12.");
                goal.RuleFor(g => g.From).Must(v => v is null || Math.Abs(v.Value) < 1_000_000_000_000m).WithMessage("'from' stays below 10^12.");
                goal.RuleFor(g => g.HorizonMonths).InclusiveBetween(1, 24);
            }).When(r => r.Goals is not null);
            RuleFor(r => r.Periods).NotEmpty();
            RuleFor(r => r.Name).MaximumLength(200);
        }
    }

    private sealed record TenantFacts(string Currency, string Locale, DateOnly Today);

    private sealed record TeamMember(string Role, decimal BaseSalary, string Currency);

    public static async Task<Results<Created<PlanResponse>, ProblemHttpResult>> Handle(
        Request request, TenantDb db, IOptions<AssistantOptions> assistant, HttpContext http, CancellationToken cancellationToken)
    {
        if (ParseText.TooLong(request.Description, assistant.Value) is { } tooLong)
            return tooLong;
        await using var work = await db.BeginAsync(cancellationToken);
        var tenant = await work.QuerySingleAsync<TenantFacts>(
            "select currency, locale, (now() at time zone time_zone)::date as today from tenants where id = @TenantId", new { work.TenantId });
        var language = Languages.FromLocale(tenant.Locale);

        TeamAndGoals? understood = null;
        if (!string.IsNullOrWhiteSpace(request.Description))
            understood = TeamDescriptionParser.Parse(request.Description, tenant.Today, new ParserOptions { MaxLength = assistant.Value.MaxTextLength });

        IReadOnlyList<TeamRole> team;
        if (request.Roles is { } roles)
        {
            team = roles.Select(r => new TeamRole { Role = ParseRole(r.Role!), Count = r.Count!.Value, BaseSalary = r.BaseSalary }).ToList();
        }
        else if (request.TeamId is { } teamId)
        {
            var fromTeam = await TeamRolesAsync(work, teamId, tenant.Currency);
            if (fromTeam is null)
                return Problems.Validation("teamId", $"No team with id '{teamId}' exists.", "TeamExists");
            if (fromTeam.Count == 0)
                return Problems.Validation("teamId", "The team has no positions and no active employees yet; describe it or add people first.", "TeamNotEmpty");
            team = fromTeam;
        }
        else
        {
            if (TeamDescriptions.Problem(understood!) is { } problem)
                return problem;
            team = understood!.Roles.Where(r => r.Count > 0).Select(r => new TeamRole { Role = r.Role, Count = r.Count!.Value }).ToList();
        }

        var goals = (request.Goals ?? []).Select(goal => ToGoal(goal, language)).Concat(understood?.Goals ?? []).ToList();
        var generation = new GenerationRequest
        {
            Team = team,
            Goals = goals,
            Economics = request.Economics ?? new Economics(),
            Periods = request.Periods!,
            Language = language,
            Currency = tenant.Currency,
            Name = request.Name,
        };
        var errors = generation.Validate();
        if (errors.Count > 0)
            return Problems.Validation(
                errors.GroupBy(e => ApiPath(e.Path, request)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                errors.GroupBy(e => ApiPath(e.Path, request)).ToDictionary(g => g.Key, g => g.Select(e => e.Code).Distinct().ToArray()));

        var plan = PlanGenerator.Generate(generation);
        var explanation = new Explanation(understood, plan.Roles, plan.Funnel, plan.Smart, plan.Cost, plan.Assumptions, plan.Warnings);
        var row = await StoredPlans.InsertDraftAsync(work, plan.Document, "generated", JsonSerializer.Serialize(explanation, PlanJson.Options), http);
        await work.CommitAsync();

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Created($"/api/v1/plans/{row.Id}", row.ToResponse());
    }

    private static Role ParseRole(string wireName) => Saas.Engine.Common.Roles.TryParse(wireName, out var role) ? role : throw new ArgumentException(wireName);

    /// <summary>The team's roles with their headcount: the planned positions, or the active employees where more
    /// people hold a role than planned; the base salary is the role's average among employees paid in the tenant's currency.</summary>
    private static async Task<List<TeamRole>?> TeamRolesAsync(UnitOfWork work, Guid teamId, string currency)
    {
        if (await work.ExecuteScalarAsync<Guid?>("select id from teams where tenant_id = @TenantId and id = @teamId", new { work.TenantId, teamId }) is null)
            return null;
        var positions = (await work.QueryAsync<(string Role, int Headcount)>(
            "select role, headcount from team_positions where tenant_id = @TenantId and team_id = @teamId", new { work.TenantId, teamId }))
            .ToDictionary(p => p.Role, p => p.Headcount);
        var members = (await work.QueryAsync<TeamMember>(
            "select role, base_salary, currency from employees where tenant_id = @TenantId and team_id = @teamId and status = 'active' order by id",
            new { work.TenantId, teamId })).ToList();

        return Enum.GetValues<Role>()
            .Select(role => (Role: role, Wire: role.WireName()))
            .Select(r => (r.Role, Count: Math.Max(positions.GetValueOrDefault(r.Wire), members.Count(m => m.Role == r.Wire)),
                Salaries: members.Where(m => m.Role == r.Wire && m.Currency == currency).Select(m => m.BaseSalary).ToList()))
            .Where(r => r.Count > 0)
            .Select(r => new TeamRole
            {
                Role = r.Role,
                Count = r.Count,
                BaseSalary = r.Salaries.Count > 0 ? Currency.Round(r.Salaries.Average(), currency) : null,
            })
            .ToList();
    }

    private static Goal ToGoal(GoalInput input, Language language)
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

    private static string Shown(decimal value, GoalUnit unit, Language language) =>
        unit == GoalUnit.Ratio ? NumberText.Percent(value, language) : NumberText.Number(value, language, 0, 2);

    /// <summary>The generator names the team <c>team[i]</c>; the client sent it as <c>roles[i]</c> (or as a team or
    /// text). Structured goals come first in the generator's list; the rest were read from the description.</summary>
    private static string ApiPath(string enginePath, Request request)
    {
        if (enginePath.StartsWith("team", StringComparison.Ordinal))
            return request.Roles is not null ? "roles" + enginePath["team".Length..] : request.TeamId is not null ? "teamId" : "description";
        if (enginePath.StartsWith("goals[", StringComparison.Ordinal)
            && int.TryParse(enginePath["goals[".Length..enginePath.IndexOf(']', StringComparison.Ordinal)], out var index)
            && index >= (request.Goals?.Count ?? 0))
            return "description";
        return enginePath;
    }
}
