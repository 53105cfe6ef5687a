using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users.UpdateUser;

/// <summary>Change a user's role, name or linked employee. The tenant keeps at least one active admin.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, UserResponse>
{
    public override void Configure()
    {
        Patch("{id:guid}");
        Group<UsersGroup>();
        Definition.PreProcessor<IfMatchVersion>(Order.Before);
        Description(route => route.WithName("UpdateUser")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed));
        Summary(summary => summary.Summary = "Change a user's name, role or employee link");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var expectedVersion = IfMatchVersion.Expected(HttpContext);

        await using var work = await db.BeginAsync(cancellationToken);
        await AdminGuard.LockAdminsAsync(work);
        var row = await work.QuerySingleOrDefaultAsync<UserRow>($"""
            update users set full_name = coalesce(@fullName, full_name), role = coalesce(@Role, role),
                employee_id = coalesce(@EmployeeId, employee_id), version = version + 1, updated_at = now()
            where tenant_id = @TenantId and id = @Id and (@expectedVersion::int is null or version = @expectedVersion)
            returning {UserRow.Columns}
            """, new { work.TenantId, request.Id, expectedVersion, fullName = request.FullName?.Trim(), request.Role, request.EmployeeId });
        if (row is null)
        {
            await Send.ResultAsync(await work.ExecuteScalarAsync<int?>("select version from users where tenant_id = @TenantId and id = @Id",
                new { work.TenantId, request.Id }) is { } current
                ? Problems.PreconditionFailed(current)
                : Problems.NotFound("user", request.Id));
            return;
        }
        // Checked once the user is known to exist, so that a missing one is 404 whatever employee is named.
        if (await UserProblems.CheckEmployeeAsync(work, request.EmployeeId) is { } unknownEmployee)
        {
            await Send.ResultAsync(unknownEmployee);
            return;
        }
        if (!await AdminGuard.StillHasAnActiveAdminAsync(work))
        {
            await Send.ResultAsync(UserProblems.LastAdmin());
            return;
        }
        await work.CommitAsync();

        HttpContext.Response.Headers.ETag = ETags.For(row.Version);
        await Send.OkAsync(row.ToResponse(), cancellationToken);
    }
}
