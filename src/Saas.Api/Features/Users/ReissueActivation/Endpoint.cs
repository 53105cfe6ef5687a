using FastEndpoints;
using Microsoft.Extensions.Options;
using Saas.Api.Features.Identity;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users.ReissueActivation;

/// <summary>A new activation token for a user who has not activated yet (the old one stops working). The folder keeps
/// the use case's former name, not its operation id (<c>ReissueActivationToken</c>): the response's schema id is built
/// from it and stays <c>ReissueActivationResponse</c>.</summary>
public sealed class Endpoint(TenantDb db, IOptions<AuthOptions> options, TimeProvider time) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Post("{id:guid}/activation-token");
        Group<UsersGroup>();
        Description(route => route.WithName("ReissueActivationToken").ProducesProblem(StatusCodes.Status409Conflict));
        Summary(summary => summary.Summary = "Issue a new activation token for a user who has not activated yet");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        var token = Secrets.NewTenantToken(ActivationTokens.Prefix, db.TenantId);
        var expiresAt = time.GetUtcNow() + options.Value.ActivationTokenLifetime;
        await using var work = await db.BeginAsync(cancellationToken);
        var status = await work.ExecuteScalarAsync<string?>("select status from users where tenant_id = @TenantId and id = @id for update",
            new { work.TenantId, id });
        if (status is null)
        {
            await Send.ResultAsync(Problems.NotFound("user", id));
            return;
        }
        if (status != "invited")
        {
            await Send.ResultAsync(Problems.Conflict("Only a user who has not activated yet gets a new activation token."));
            return;
        }
        await work.ExecuteAsync("""
            update users set activation_token_hash = @hash, activation_expires_at = @expiresAt, updated_at = now()
            where tenant_id = @TenantId and id = @id
            """, new { work.TenantId, id, hash = Secrets.Hash(token), expiresAt });
        await work.CommitAsync();
        await Send.OkAsync(new Response(id, token, expiresAt), cancellationToken);
    }
}
