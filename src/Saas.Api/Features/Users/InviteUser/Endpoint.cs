using FastEndpoints;
using Microsoft.Extensions.Options;
using Npgsql;
using Saas.Api.Features.Identity;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users.InviteUser;

/// <summary>An admin invites a user; the answer carries the one-time activation token to pass on (by e-mail,
/// say). Only its hash is stored.</summary>
public sealed class Endpoint(TenantDb db, IOptions<AuthOptions> options, TimeProvider time) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("");
        Group<UsersGroup>();
        Description(route => route.WithName("InviteUser")
            .Produces<Response>(StatusCodes.Status201Created).ProducesProblem(StatusCodes.Status409Conflict));
        Summary(summary => summary.Summary = "Invite a user (the answer holds a one-time activation token)");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var token = Secrets.NewTenantToken(ActivationTokens.Prefix, db.TenantId);
        var expiresAt = time.GetUtcNow() + options.Value.ActivationTokenLifetime;
        var email = request.Email!.Trim();
        var fullName = request.FullName!.Trim();
        await using var work = await db.BeginAsync(cancellationToken);
        if (await UserProblems.CheckEmployeeAsync(work, request.EmployeeId) is { } unknownEmployee)
        {
            await Send.ResultAsync(unknownEmployee);
            return;
        }
        try
        {
            await work.ExecuteAsync("""
                insert into users (tenant_id, id, email, full_name, role, employee_id, activation_token_hash, activation_expires_at)
                values (@TenantId, @id, @email, @fullName, @Role, @EmployeeId, @hash, @expiresAt)
                """, new { work.TenantId, id, email, fullName, request.Role, request.EmployeeId, hash = Secrets.Hash(token), expiresAt });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Unique within this tenant only: the answer never depends on, or reveals, another company's users.
            await Send.ResultAsync(Problems.Conflict($"A user with the e-mail '{email}' already exists in this company."));
            return;
        }
        await work.CommitAsync();
        await Send.ResultAsync(TypedResults.Created($"/api/v1/users/{id}",
            new Response(id, email, fullName, request.Role!, request.EmployeeId, "invited", token, expiresAt)));
    }
}
