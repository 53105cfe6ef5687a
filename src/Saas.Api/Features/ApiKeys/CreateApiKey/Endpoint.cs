using FastEndpoints;
using Mapster;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.ApiKeys.CreateApiKey;

/// <summary>An admin creates a key for an integration; the secret is in this answer only, and only its hash is stored.</summary>
public sealed class Endpoint(TenantDb db, IOptions<AuthOptions> options) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("");
        Group<ApiKeysGroup>();
        Description(route => route.WithName("CreateApiKey").Produces<Response>(StatusCodes.Status201Created));
        Summary(summary => summary.Summary = "Create an API key for an integration (the secret is shown once)");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        var (key, prefix) = ApiKeyFormat.Create(options.Value.ApiKeyEnvironment);
        var scopes = request.Scopes!.Distinct().ToArray();
        Guid.TryParse(User.FindFirst(ClaimNames.Subject)?.Value, out var creator);
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleAsync<ApiKeyRow>($"""
            insert into api_keys (tenant_id, id, name, prefix, key_hash, scopes, created_by)
            values (@TenantId, @id, @name, @prefix, @hash, @scopes, @creator)
            returning {ApiKeyRow.Columns}
            """, new { work.TenantId, id = Guid.CreateVersion7(), name = request.Name!.Trim(), prefix, hash = Secrets.Hash(key), scopes, creator });
        await work.CommitAsync();

        HttpContext.Response.Headers.CacheControl = "no-store";
        await Send.ResultAsync(TypedResults.Created($"/api/v1/api-keys/{row.Id}", row.Adapt<Response>() with { Key = key }));
    }
}
