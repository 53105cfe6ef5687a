using FastEndpoints;
using Mapster;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.ApiKeys.CurrentApiKey;

/// <summary>An integration checks its key (a connection check): the answer names the key, its scopes and its tenant.
/// The caller holds a key, not an admin's token, so the endpoint is outside <see cref="ApiKeysGroup"/>.</summary>
public sealed class Endpoint(TenantDb db) : EndpointWithoutRequest<Response>
{
    public override void Configure()
    {
        Get("api-keys/current");
        Policies(Infrastructure.Auth.Policies.ApiKey);
        Description(route => route.WithName("CurrentApiKey").WithTags(ApiKeysGroup.Tag));
        Summary(summary => summary.Summary = "Describe the API key that made this request");
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var id = Guid.Parse(User.FindFirst(ClaimNames.ApiKey)!.Value);
        var row = await db.QuerySingleOrDefaultAsync<ApiKeyRow>($"select {ApiKeyRow.Columns} from api_keys where tenant_id = @TenantId and id = @id",
            new { db.TenantId, id }, cancellationToken);
        if (row is null)
        {
            await Send.ResultAsync(Problems.NotFound("API key", id));
            return;
        }
        await Send.OkAsync(row.Adapt<Response>() with { TenantId = db.TenantId }, cancellationToken);
    }
}
