using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Saas.Api.Features.Assistant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Assistant;

namespace Saas.Api.Features.Teams;

/// <summary>A team, optionally with its planned positions, given as <c>positions</c> or in words as
/// <c>description</c> ("два маркетолога и три менеджера по продажам"); employees fill the positions later.
/// Without a <c>department</c>, the one most of the positions belong to is taken.</summary>
public static class CreateTeam
{
    public sealed record Request(string? Name, string? Department, IReadOnlyList<PositionInput>? Positions, string? Description);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Department).NotEmpty().When(r => r.Positions is not { Count: > 0 } && r.Description is null)
                .WithMessage("'department' is required unless the team is described by 'positions' or 'description'.");
            RuleFor(r => r.Department).Must(Departments.IsKnown).WithMessage("'department' " + Departments.Rule).When(r => r.Department is not null);
            RuleFor(r => r).Must(r => r.Positions is null || r.Description is null).OverridePropertyName("description")
                .WithMessage("Give 'positions' or 'description', not both.");
            RuleFor(r => r.Positions!).Must(Positions.AreValid).WithMessage(Positions.Rule).When(r => r.Positions is not null);
            RuleFor(r => r.Description).NotEmpty().When(r => r.Description is not null);
        }
    }

    public static async Task<Results<Created<TeamResponse>, ProblemHttpResult>> Handle(
        Request request, TenantDb db, IOptions<AssistantOptions> assistant, HttpContext http, CancellationToken cancellationToken)
    {
        TeamAndGoals? understood = null;
        var positions = request.Positions is { } given ? Positions.From(given) : [];
        if (request.Description is { } description)
        {
            if (ParseText.TooLong(description, assistant.Value) is { } tooLong)
                return tooLong;
            understood = TeamDescriptionParser.Parse(description, await TenantToday.OfAsync(db, cancellationToken),
                new ParserOptions { MaxLength = assistant.Value.MaxTextLength });
            if (DescriptionProblem(understood) is { } problem)
                return problem;
            // "без РОПа" reads as a count of zero: the role is named, and has no position.
            positions = understood.Roles.Where(r => r.Count > 0).Select(r => (r.Role, r.Count!.Value)).ToList();
            if (positions.Any(p => p.Item2 > Positions.MaxHeadcount))
                return Problems.Validation("description", $"A team has at most {Positions.MaxHeadcount} people in one role.", "Headcount");
        }
        var department = request.Department ?? Positions.DepartmentOf(positions);

        await using var work = await db.BeginAsync(cancellationToken);
        TeamRow row;
        try
        {
            row = await work.QuerySingleAsync<TeamRow>($"""
                insert into teams (tenant_id, id, name, department)
                values (@TenantId, @Id, @Name, @department)
                returning {TeamRow.Columns}
                """, new { work.TenantId, Id = Guid.CreateVersion7(), Name = request.Name!.Trim(), department });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problems.Conflict($"A team named '{request.Name!.Trim()}' already exists.");
        }
        await Positions.ReplaceAsync(work, row.Id, positions);
        var loaded = await Positions.LoadAsync(work, [row.Id]);
        await work.CommitAsync();

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Created($"/api/v1/teams/{row.Id}", row.ToResponse(loaded, understood));
    }

    /// <summary>A team cannot be made of guesses: a role without an exact count, or no role at all, is asked back.</summary>
    internal static ProblemHttpResult? DescriptionProblem(TeamAndGoals understood)
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
