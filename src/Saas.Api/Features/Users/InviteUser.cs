using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;
using Saas.Api.Features.Identity;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users;

/// <summary>An admin invites a user; the answer carries the one-time activation token to pass on (by e-mail,
/// say). Only its hash is stored.</summary>
public static class InviteUser
{
    public sealed record Request(string? Email, string? FullName, string? Role, Guid? EmployeeId);

    public sealed record Response(Guid Id, string Email, string FullName, string Role, Guid? EmployeeId, string Status, string ActivationToken,
        DateTimeOffset ActivationExpiresAt);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.Email).NotEmpty().EmailAddress().MaximumLength(320);
            RuleFor(r => r.FullName).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Role).NotEmpty().Must(role => UserRoles.All.Contains(role)).WithMessage("'role' must be one of admin, manager, employee.");
        }
    }

    public static async Task<Results<Created<Response>, ProblemHttpResult>> Handle(Request request, TenantDb db, IOptions<AuthOptions> options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var id = Guid.CreateVersion7();
        var token = Secrets.NewTenantToken(ActivationTokens.Prefix, db.TenantId);
        var expiresAt = time.GetUtcNow() + options.Value.ActivationTokenLifetime;
        var email = request.Email!.Trim();
        await using var work = await db.BeginAsync(cancellationToken);
        try
        {
            await work.ExecuteAsync("""
                insert into users (tenant_id, id, email, full_name, role, employee_id, activation_token_hash, activation_expires_at)
                values (@TenantId, @id, @email, @fullName, @Role, @EmployeeId, @hash, @expiresAt)
                """, new { work.TenantId, id, email, fullName = request.FullName!.Trim(), request.Role, request.EmployeeId, hash = Secrets.Hash(token), expiresAt });
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Unique within this tenant only: the answer never depends on, or reveals, another company's users.
            return Problems.Conflict($"A user with the e-mail '{email}' already exists in this company.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            return UnknownEmployee(request.EmployeeId);
        }
        await work.CommitAsync();
        return TypedResults.Created($"/api/v1/users/{id}",
            new Response(id, email, request.FullName.Trim(), request.Role!, request.EmployeeId, "invited", token, expiresAt));
    }

    internal static ProblemHttpResult UnknownEmployee(Guid? employeeId) =>
        Problems.Validation("employeeId", $"'employeeId' names no employee of this tenant ({employeeId}).", "EmployeeExists");
}
