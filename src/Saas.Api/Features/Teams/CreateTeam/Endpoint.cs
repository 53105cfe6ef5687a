using FastEndpoints;
using Microsoft.Extensions.Options;
using Saas.Api.Features.Assistant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Assistant;

namespace Saas.Api.Features.Teams.CreateTeam;

/// <summary>A team, optionally with its planned positions, given as <c>positions</c> or in words as <c>description</c>
/// ("два маркетолога и три менеджера по продажам"); employees fill the positions later. Without a <c>department</c>, the
/// one most of the positions belong to is taken.</summary>
public sealed class Endpoint(TenantDb db, IOptions<AssistantOptions> assistant) : Endpoint<Request, TeamResponse>
{
    private static readonly Dictionary<(Guid TeamId, string Role), int> NobodyYet = [];

    public override void Configure()
    {
        Post("");
        Group<TeamsGroup>();
        Policies(Infrastructure.Auth.Policies.TenantAdmin);
        Description(route => route.WithName("CreateTeam").Produces<TeamResponse>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(summary => summary.Summary = "Create a team, with positions given explicitly or in words");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        TeamAndGoals? understood = null;
        var positions = request.Positions is { } given ? Positions.From(given) : [];
        if (request.Description is { } description)
        {
            if (AssistantText.TooLong(description, assistant.Value) is { } tooLong)
            {
                await Send.ResultAsync(tooLong);
                return;
            }
            understood = TeamDescriptionParser.Parse(description, await TenantToday.OfAsync(db, cancellationToken),
                new ParserOptions { MaxLength = assistant.Value.MaxTextLength });
            if (TeamDescriptions.Problem(understood) is { } problem)
            {
                await Send.ResultAsync(problem);
                return;
            }
            // "без РОПа" reads as a count of zero: the role is named, and has no position.
            positions = understood.Roles.Where(r => r.Count > 0).Select(r => (r.Role, r.Count!.Value)).ToList();
            if (positions.Any(p => p.Item2 > Positions.MaxHeadcount))
            {
                await Send.ResultAsync(Problems.Validation("description", $"A team has at most {Positions.MaxHeadcount} people in one role.", "Headcount"));
                return;
            }
        }
        var department = request.Department ?? Positions.DepartmentOf(positions);

        var now = DateTimeOffset.UtcNow;
        var team = new Team
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name!.Trim(),
            Department = department,
            Positions = Positions.ToDocument(positions),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var work = await db.BeginAsync(cancellationToken);
        await Team.LockTenantsTeamsAsync(work);
        work.Documents.Insert(team);
        try
        {
            await work.CommitAsync();
        }
        catch (Exception e) when (Team.IsDuplicateName(e))
        {
            await Send.ResultAsync(Problems.Conflict($"A team named '{team.Name}' already exists."));
            return;
        }

        HttpContext.Response.Headers.ETag = ETags.For(team.Version);
        // A team just made has nobody in it yet.
        await Send.ResultAsync(TypedResults.Created($"/api/v1/teams/{team.Id}", Positions.Response(team, NobodyYet, understood)));
    }
}
