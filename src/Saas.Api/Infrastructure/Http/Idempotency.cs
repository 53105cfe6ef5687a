using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Infrastructure.Http;

/// <summary><c>Idempotency-Key</c> on bulk writes: the first complete response to a key is kept for 24 hours and
/// replayed to a retry with the same body; the same key with another body answers 422, and a retry while the first
/// request still runs answers 409. The request holds the key with a transaction-scoped advisory lock in the database while
/// it runs, so this holds across API instances, and stores its response in that transaction: a request that dies with its
/// instance (a crash, a kill) leaves nothing behind, and its retry is done afresh (an event already stored is a duplicate
/// then). Keys are per tenant and caller (an API key or a user).</summary>
/// <remarks>A middleware after authorization rather than an endpoint filter, which FastEndpoints endpoints do not run: it
/// acts only for the endpoint the request was routed to when that endpoint declares <see cref="IdempotencyKeyMetadata"/>,
/// and wraps all of its execution, so that it keeps exactly the bytes the client gets.</remarks>
public sealed class IdempotencyFilter(RequestDelegate next, NpgsqlDataSource dataSource)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private sealed record Stored(byte[] RequestHash, int StatusCode, string? ContentType, byte[]? Body);

    // A request with a key holds a pooled connection for the key while its work takes another. Were all of the pool's
    // connections held for keys, the work of none could start, and every one would wait out the pool's timeout: keys hold
    // at most half of them, and a request past that waits here for its turn.
    private readonly SemaphoreSlim _keyConnections = new(KeyConnections(dataSource));

    internal static int KeyConnections(NpgsqlDataSource dataSource) =>
        Math.Max(1, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize / 2);

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<IdempotencyKeyMetadata>() is not { } declared
            || !http.Request.Headers.TryGetValue(Header, out var values))
        {
            await next(http);
            return;
        }
        var key = values.ToString();
        if (key.Length is 0 or > 200 || key.Any(c => c is < '!' or > '~'))
        {
            await Problems.BadRequest($"{Header} must be 1 to 200 visible ASCII characters (a UUID is a good key).").ExecuteAsync(http);
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = declared.MaxBodyBytes;
        var hash = await HashRequestAsync(http.Request, http.RequestAborted);
        var caller = http.User.Identity?.Name ?? "anonymous";
        var db = http.RequestServices.GetRequiredService<TenantDb>();

        await _keyConnections.WaitAsync(http.RequestAborted);
        try
        {
            await HoldKeyAndRunAsync(http, db, caller, key, hash);
        }
        finally
        {
            _keyConnections.Release();
        }
    }

    private async Task HoldKeyAndRunAsync(HttpContext http, TenantDb db, string caller, string key, byte[] hash)
    {
        // The key's own unit of work, not cancelled with the request, so that a finished request's response is kept even
        // when its client has gone; it ends (and lets the key go) when the request does.
        await using var held = await db.BeginAsync(CancellationToken.None);
        if (!await held.ExecuteScalarAsync<bool>("select pg_try_advisory_xact_lock(hashtextextended(@name, 0))",
                new { name = LockName(held.TenantId, caller, key) }))
        {
            await Problems.Conflict($"A request with this {Header} is still being processed. Retry later for its result.").ExecuteAsync(http);
            return;
        }
        // Rows left incomplete by versions that stored the key before the work are abandoned: no request holds them.
        await held.ExecuteAsync("""
            delete from idempotency_keys where tenant_id = @TenantId and caller = @caller and key = @key and (expires_at < now() or not completed)
            """, new { held.TenantId, caller, key });
        var stored = await held.QuerySingleOrDefaultAsync<Stored>("""
            select request_hash, status_code, content_type, body from idempotency_keys
            where tenant_id = @TenantId and caller = @caller and key = @key
            """, new { held.TenantId, caller, key });
        if (stored is not null)
        {
            if (!stored.RequestHash.AsSpan().SequenceEqual(hash))
            {
                await Problems.Of(ProblemTypes.Unprocessable,
                    $"This {Header} was used for a different request. Use a new key for a new request.").ExecuteAsync(http);
                return;
            }
            http.Response.Headers[ReplayedHeader] = "true";
            await WriteAsync(http.Response, stored.StatusCode, stored.ContentType, stored.Body ?? []);
            return;
        }

        // Run the endpoint into memory to keep exactly the bytes the client gets.
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        var status = http.Response.StatusCode;
        // A failed attempt must not answer its own retry.
        if (status < 500 && status != StatusCodes.Status429TooManyRequests)
        {
            await held.ExecuteAsync("""
                insert into idempotency_keys (tenant_id, caller, key, request_hash, completed, status_code, content_type, body, expires_at)
                values (@TenantId, @caller, @key, @hash, true, @status, @contentType, @body, now() + @retention)
                """, new { held.TenantId, caller, key, hash, status, contentType = http.Response.ContentType, body = buffer.ToArray(), retention = Retention });
            await held.CommitAsync();
        }
        await WriteAsync(http.Response, status, http.Response.ContentType, buffer.ToArray());
    }

    /// <summary>What a running request holds its key by, with <c>pg_advisory_xact_lock(hashtextextended(name, 0))</c>.</summary>
    internal static string LockName(Guid tenantId, string caller, string key) => $"idempotency:{tenantId}:{caller}:{key}";

    private static async Task<byte[]> HashRequestAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString} {request.ContentType}\n"));
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            sha.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return sha.GetHashAndReset();
    }

    private static async Task WriteAsync(HttpResponse response, int status, string? contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body);
    }
}

/// <summary>Marks an endpoint that honours <c>Idempotency-Key</c> (<see cref="IdempotencyFilter"/>), with the request body
/// it may take, so that the key can be checked against the whole body before the endpoint runs; the OpenAPI document
/// declares the header for it.</summary>
public sealed record IdempotencyKeyMetadata(long MaxBodyBytes);

public static class IdempotencyEndpoints
{
    /// <summary>In a FastEndpoints endpoint's <c>Configure()</c>: <c>Options(route =&gt; route.WithIdempotencyKey(maxBodyBytes))</c>.</summary>
    public static TBuilder WithIdempotencyKey<TBuilder>(this TBuilder builder, long maxBodyBytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new IdempotencyKeyMetadata(maxBodyBytes));
}
