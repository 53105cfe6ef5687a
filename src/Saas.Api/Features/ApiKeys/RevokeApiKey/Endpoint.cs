using FastEndpoints;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.ApiKeys.RevokeApiKey;

/// <summary>Revocation takes effect at once: every request looks its key up.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Delete("{id:guid}");
        Group<ApiKeysGroup>();
        Description(route => route.WithName("RevokeApiKey"));
        Summary(summary => summary.Summary = "Revoke an API key");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        await using var work = await db.BeginAsync(cancellationToken);
        var found = await work.ExecuteAsync("""
            update api_keys set revoked_at = coalesce(revoked_at, now()) where tenant_id = @TenantId and id = @id
            """, new { work.TenantId, id });
        if (found == 0)
        {
            await Send.ResultAsync(Problems.NotFound("API key", id));
            return;
        }
        await work.CommitAsync();
        await Send.NoContentAsync(cancellationToken);
    }
}
