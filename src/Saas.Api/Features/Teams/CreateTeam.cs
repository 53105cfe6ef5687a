using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Teams;

public static class CreateTeam
{
    public sealed record Request(string? Name, string? Department);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Department).NotEmpty().Must(Departments.IsKnown).WithMessage("'department' " + Departments.Rule);
        }
    }

    public static async Task<Results<Created<TeamResponse>, ProblemHttpResult>> Handle(
        Request request, TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        TeamRow row;
        try
        {
            row = await work.QuerySingleAsync<TeamRow>($"""
                insert into teams (tenant_id, id, name, department)
                values (@TenantId, @Id, @Name, @Department)
                returning {TeamRow.Columns}
                """, new { work.TenantId, Id = Guid.CreateVersion7(), Name = request.Name!.Trim(), request.Department });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problems.Conflict($"A team named '{request.Name!.Trim()}' already exists.");
        }
        await work.CommitAsync();

        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Created($"/api/v1/teams/{row.Id}", row.ToResponse());
    }
}
