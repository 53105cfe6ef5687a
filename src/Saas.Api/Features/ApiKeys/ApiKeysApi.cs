using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.ApiKeys;

public static class ApiKeysApi
{
    public static void MapApiKeys(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/api-keys").WithTags("API keys").RequireAuthorization(Policies.TenantAdmin);
        group.MapPost("/", CreateApiKey.Handle).WithName("CreateApiKey")
            .WithSummary("Create an API key for an integration (the secret is shown once)").Validate(CreateApiKey.Validator.Instance);
        group.MapGet("/", ListApiKeys.Handle).WithName("ListApiKeys").WithSummary("List API keys by prefix, with scopes and last use");
        group.MapDelete("/{id:guid}", RevokeApiKey.Handle).WithName("RevokeApiKey").WithSummary("Revoke an API key");
        // For integrations: which key is this, what may it do (a connection check).
        api.MapGet("/api-keys/current", CurrentApiKey.Handle).WithName("CurrentApiKey")
            .WithSummary("Describe the API key that made this request").WithTags("API keys").RequireAuthorization(Policies.ApiKey);
    }
}

public sealed record ApiKeyResponse(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public sealed record ApiKeyRow
{
    public Guid Id { get; init; }
    public required string Name { get; init; }
    public required string Prefix { get; init; }
    public required string[] Scopes { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? LastUsedAt { get; init; }
    public DateTime? RevokedAt { get; init; }

    public const string Columns = "id, name, prefix, scopes, created_at, last_used_at, revoked_at";

    public ApiKeyResponse ToResponse() => new(Id, Name, Prefix, Scopes, Utc(CreatedAt), LastUsedAt is { } used ? Utc(used) : null,
        RevokedAt is { } revoked ? Utc(revoked) : null);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>An admin creates a key for an integration; the secret is in this answer only.</summary>
public static class CreateApiKey
{
    public sealed record Request(string? Name, IReadOnlyList<string>? Scopes);

    public sealed record Response(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string Key);

    public sealed class Validator : AbstractValidator<Request>
    {
        public static readonly Validator Instance = new();

        public Validator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Scopes).NotEmpty();
            RuleForEach(r => r.Scopes).Must(scope => Saas.Api.Infrastructure.Auth.Scopes.ApiKeyScopes.Contains(scope))
                .WithMessage("'{PropertyValue}' is not an API key scope; use actuals:write or actuals:read.");
        }
    }

    public static async Task<Created<Response>> Handle(Request request, TenantDb db, HttpContext http, IOptions<AuthOptions> options,
        CancellationToken cancellationToken)
    {
        var (key, prefix) = ApiKeyFormat.Create(options.Value.ApiKeyEnvironment);
        var scopes = request.Scopes!.Distinct().ToArray();
        Guid.TryParse(http.User.FindFirst(ClaimNames.Subject)?.Value, out var creator);
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleAsync<ApiKeyRow>($"""
            insert into api_keys (tenant_id, id, name, prefix, key_hash, scopes, created_by)
            values (@TenantId, @id, @name, @prefix, @hash, @scopes, @creator)
            returning {ApiKeyRow.Columns}
            """, new { work.TenantId, id = Guid.CreateVersion7(), name = request.Name!.Trim(), prefix, hash = Secrets.Hash(key), scopes, creator });
        await work.CommitAsync();
        var response = row.ToResponse();
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/v1/api-keys/{row.Id}", new Response(row.Id, row.Name, row.Prefix, row.Scopes, response.CreatedAt, key));
    }
}

public static class ListApiKeys
{
    public static async Task<Results<Ok<Page<ApiKeyResponse>>, ProblemHttpResult>> Handle(TenantDb db, CancellationToken cancellationToken,
        int? limit = null, string? cursor = null, bool includeRevoked = false)
    {
        if (!PageQuery.TryCreate(limit, cursor, out var page, out var problem))
            return problem!;
        await using var work = await db.BeginAsync(cancellationToken);
        var rows = (await work.QueryAsync<ApiKeyRow>($"""
            select {ApiKeyRow.Columns} from api_keys
            where tenant_id = @TenantId and (@After::uuid is null or id > @After) and (@includeRevoked or revoked_at is null)
            order by id limit @Take
            """, new { work.TenantId, page.After, includeRevoked, Take = page.Limit + 1 })).ToList();
        return TypedResults.Ok(new Page<ApiKeyResponse>(rows.Take(page.Limit).Select(r => r.ToResponse()).ToList(), page.NextCursor(rows, r => r.Id)));
    }
}

/// <summary>Revocation takes effect at once: every request looks its key up.</summary>
public static class RevokeApiKey
{
    public static async Task<Results<NoContent, ProblemHttpResult>> Handle(Guid id, TenantDb db, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var found = await work.ExecuteAsync("""
            update api_keys set revoked_at = coalesce(revoked_at, now()) where tenant_id = @TenantId and id = @id
            """, new { work.TenantId, id });
        if (found == 0)
            return Problems.NotFound("API key", id);
        await work.CommitAsync();
        return TypedResults.NoContent();
    }
}

/// <summary>An integration checks its key: the answer names the key, its scopes and its tenant.</summary>
public static class CurrentApiKey
{
    public sealed record Response(Guid Id, string Name, string Prefix, IReadOnlyList<string> Scopes, Guid TenantId);

    public static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(TenantDb db, HttpContext http, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(http.User.FindFirst(ClaimNames.ApiKey)!.Value);
        await using var work = await db.BeginAsync(cancellationToken);
        var row = await work.QuerySingleOrDefaultAsync<ApiKeyRow>($"select {ApiKeyRow.Columns} from api_keys where tenant_id = @TenantId and id = @id",
            new { work.TenantId, id });
        return row is null ? Problems.NotFound("API key", id) : TypedResults.Ok(new Response(row.Id, row.Name, row.Prefix, row.Scopes, work.TenantId));
    }
}
