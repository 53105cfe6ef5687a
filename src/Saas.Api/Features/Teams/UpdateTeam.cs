using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams;

public static class UpdateTeam
{
    /// <summary>Fields left out (or null) keep their value; <c>positions</c>, when given, replaces them all.</summary>
    public sealed record Request(string? Name, string? Department, IReadOnlyList<PositionInput>? Positions);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200).When(r => r.Name is not null);
            RuleFor(r => r.Department).Must(Departments.IsKnown).WithMessage("'department' " + Departments.Rule).When(r => r.Department is not null);
            RuleFor(r => r.Positions!).Must(Positions.AreValid).WithMessage(Positions.Rule).When(r => r.Positions is not null);
        }
    }

    public static async Task<Results<Ok<TeamResponse>, ProblemHttpResult>> Handle(
        Guid id, Request request, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expectedVersion))
            return Problems.InvalidIfMatch();

        await using var work = await db.BeginAsync(cancellationToken);
        TeamRow? row;
        try
        {
            row = await work.QuerySingleOrDefaultAsync<TeamRow>($"""
                update teams set
                    name = coalesce(@Name, name),
                    department = coalesce(@Department, department),
                    version = version + 1,
                    updated_at = now()
                where tenant_id = @TenantId and id = @id and (@expectedVersion::int is null or version = @expectedVersion)
                returning {TeamRow.Columns}
                """, new { work.TenantId, id, expectedVersion, Name = request.Name?.Trim(), request.Department });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problems.Conflict($"A team named '{request.Name!.Trim()}' already exists.");
        }
        if (row is null)
            return await work.ExecuteScalarAsync<int?>("select version from teams where tenant_id = @TenantId and id = @id", new { work.TenantId, id })
                is { } currentVersion
                ? Problems.PreconditionFailed(currentVersion)
                : Problems.NotFound("team", id);
        if (request.Positions is { } positions)
            await Positions.ReplaceAsync(work, row.Id, Positions.From(positions));
        var loaded = await Positions.LoadAsync(work, [row.Id]);
        await work.CommitAsync();

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse(loaded));
    }
}
