using System.Text.Json;
using FastEndpoints;
using Marten;
using Microsoft.Extensions.Options;
using Saas.Api.Features.Assistant;
using Saas.Api.Features.Employees;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Assistant;
using Saas.Engine.Common;
using Saas.Engine.Generation;
using Saas.Engine.Plans;
using Saas.Engine.Text;

namespace Saas.Api.Features.Plans.GeneratePlan;

/// <summary>The assistant proposes a plan from a team and its goals, and stores it as a draft with its explanation
/// (KPIs per role with rationale, funnel math, SMART checks, bonus cost, assumptions, warnings). The tenant's language
/// and currency are used.</summary>
public sealed class Endpoint(TenantDb db, IOptions<AssistantOptions> assistant) : Endpoint<Request, PlanResponse>
{
    public override void Configure()
    {
        Post("generate");
        Group<PlansGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("GeneratePlan")
            .Produces<PlanResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status413PayloadTooLarge));
        Summary(summary => summary.Summary = "Propose a draft plan of KPIs and bonus formulas from a team and goals");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        if (AssistantText.TooLong(request.Description, assistant.Value) is { } tooLong)
        {
            await Send.ResultAsync(tooLong);
            return;
        }
        await using var work = await db.BeginAsync(cancellationToken);
        var tenant = await AssistantTenant.OfAsync(work);
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
            {
                await Send.ResultAsync(Problems.Validation("teamId", $"No team with id '{teamId}' exists.", "TeamExists"));
                return;
            }
            if (fromTeam.Count == 0)
            {
                await Send.ResultAsync(Problems.Validation("teamId", "The team has no positions and no active employees yet; describe it or add people first.", "TeamNotEmpty"));
                return;
            }
            team = fromTeam;
        }
        else
        {
            if (TeamDescriptions.Problem(understood!) is { } problem)
            {
                await Send.ResultAsync(problem);
                return;
            }
            team = understood!.Roles.Where(r => r.Count > 0).Select(r => new TeamRole { Role = r.Role, Count = r.Count!.Value }).ToList();
        }

        var goals = (request.Goals ?? []).Select(goal => Mapper.ToGoal(goal, language)).Concat(understood?.Goals ?? []).ToList();
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
        {
            await Send.ResultAsync(Problems.Validation(
                errors.GroupBy(e => Mapper.ApiPath(e.Path, request)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                errors.GroupBy(e => Mapper.ApiPath(e.Path, request)).ToDictionary(g => g.Key, g => g.Select(e => e.Code).Distinct().ToArray())));
            return;
        }

        var plan = PlanGenerator.Generate(generation);
        var explanation = new Explanation(understood, plan.Roles, plan.Funnel, plan.Smart, plan.Cost, plan.Assumptions, plan.Warnings);
        var draft = StoredPlans.InsertDraft(work, plan.Document, "generated", JsonSerializer.SerializeToElement(explanation, PlanJson.Options), User);
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(draft.Version);
        await Send.ResultAsync(TypedResults.Created($"/api/v1/plans/{draft.Id}", draft.ToResponse()));
    }

    // The validator has checked every role.
    private static Role ParseRole(string wireName) => Engine.Common.Roles.TryParse(wireName, out var role) ? role : throw new ArgumentException(wireName);

    /// <summary>The team's roles with their headcount: the planned positions, or the active employees where more
    /// people hold a role than planned; the base salary is the role's average among employees paid in the tenant's currency.</summary>
    private static async Task<List<TeamRole>?> TeamRolesAsync(UnitOfWork work, Guid teamId, string currency)
    {
        if (await work.Documents.LoadAsync<Team>(teamId) is not { } team)
            return null;
        var positions = team.Positions.ToDictionary(p => p.Role, p => p.Headcount);
        var members = await work.Documents.Query<Employee>().Where(e => e.TeamId == teamId && e.Status == Employee.Active).ToListAsync();

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
}
