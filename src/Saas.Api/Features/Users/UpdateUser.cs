using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users;

/// <summary>Change a user's role, name or linked employee. The tenant keeps at least one active admin.</summary>
public static class UpdateUser
{
    public sealed record Request(string? FullName, string? Role, Guid? EmployeeId);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.FullName).NotEmpty().MaximumLength(200).When(r => r.FullName is not null);
            RuleFor(r => r.Role).Must(role => UserRoles.All.Contains(role)).WithMessage("'role' must be one of admin, manager, employee.")
                .When(r => r.Role is not null);
        }
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Handle(Guid id, Request request, TenantDb db, HttpContext http,
        CancellationToken cancellationToken)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expectedVersion))
            return Problems.InvalidIfMatch();

        await using var work = await db.BeginAsync(cancellationToken);
        UserRow? row;
        try
        {
            row = await work.QuerySingleOrDefaultAsync<UserRow>($"""
                update users set full_name = coalesce(@fullName, full_name), role = coalesce(@Role, role),
                    employee_id = coalesce(@EmployeeId, employee_id), version = version + 1, updated_at = now()
                where tenant_id = @TenantId and id = @id and (@expectedVersion::int is null or version = @expectedVersion)
                returning {UserRow.Columns}
                """, new { work.TenantId, id, expectedVersion, fullName = request.FullName?.Trim(), request.Role, request.EmployeeId });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return InviteUser.UnknownEmployee(request.EmployeeId);
        }
        if (row is null)
            return await work.ExecuteScalarAsync<int?>("select version from users where tenant_id = @TenantId and id = @id", new { work.TenantId, id })
                is { } current ? Problems.PreconditionFailed(current) : Problems.NotFound("user", id);
        if (!await AdminGuard.StillHasAnAdminAsync(work))
            return Problems.Conflict("The tenant must keep at least one active admin.");
        await work.CommitAsync();
        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}

public static class AdminGuard
{
    // Checked after the change inside the same transaction; the row lock serialises concurrent demotions.
    public static async Task<bool> StillHasAnAdminAsync(UnitOfWork work)
    {
        var admins = await work.QueryAsync<Guid>(
            "select id from users where tenant_id = @TenantId and role = 'admin' and status <> 'deactivated' for update", new { work.TenantId });
        return admins.Any();
    }
}
