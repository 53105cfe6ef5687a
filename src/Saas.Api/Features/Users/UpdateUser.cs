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
        await AdminGuard.LockAdminsAsync(work);
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
        if (!await AdminGuard.StillHasAnActiveAdminAsync(work))
            return Problems.Conflict("The tenant must keep at least one active admin.");
        await work.CommitAsync();
        http.Response.Headers.ETag = ETags.For(row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}

public static class AdminGuard
{
    /// <summary>Locks the tenant's admins, in one order so that two concurrent changes wait for each other instead of
    /// deadlocking; call it before the change, then <see cref="StillHasAnActiveAdminAsync"/> after it.</summary>
    public static Task LockAdminsAsync(UnitOfWork work) =>
        work.ExecuteAsync("select from users where tenant_id = @TenantId and role = 'admin' order by id for update", new { work.TenantId });

    /// <summary>Only an active admin counts: one who was invited but never activated cannot sign in, and a tenant left with
    /// only such admins could no longer be administered at all.</summary>
    public static Task<bool> StillHasAnActiveAdminAsync(UnitOfWork work) =>
        work.ExecuteScalarAsync<bool>(
            "select exists (select from users where tenant_id = @TenantId and role = 'admin' and status = 'active')", new { work.TenantId });
}
