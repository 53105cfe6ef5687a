using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Infrastructure.Http;

/// <summary><c>Idempotency-Key</c> on bulk writes: the first complete response to a key is kept for 24 hours and
/// replayed to a retry with the same body; the same key with another body answers 422, and a retry while the first
/// request still runs answers 409. The key is claimed in the database before the work starts, so this holds across
/// API instances. Keys are per tenant and caller (an API key or a user).</summary>
public sealed class IdempotencyFilter(long maxBodyBytes) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private sealed record Stored(byte[] RequestHash, bool Completed, int? StatusCode, string? ContentType, byte[]? Body);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(Header, out var values))
            return await next(context);
        var key = values.ToString();
        if (key.Length is 0 or > 200 || key.Any(c => c is < '!' or > '~'))
            return Problems.BadRequest($"{Header} must be 1 to 200 visible ASCII characters (a UUID is a good key).");

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBodyBytes;
        var hash = await HashRequestAsync(http.Request, http.RequestAborted);
        var caller = http.User.Identity?.Name ?? "anonymous";
        var db = http.RequestServices.GetRequiredService<TenantDb>();

        var stored = await ClaimAsync(db, caller, key, hash, http.RequestAborted);
        if (stored is not null)
        {
            if (!stored.RequestHash.AsSpan().SequenceEqual(hash))
                return Problems.Of(ProblemTypes.Unprocessable,
                    $"This {Header} was used for a different request. Use a new key for a new request.");
            if (!stored.Completed)
                return Problems.Conflict($"A request with this {Header} is still being processed. Retry later for its result.");
            http.Response.Headers[ReplayedHeader] = "true";
            return new Replay(stored.StatusCode!.Value, stored.ContentType, stored.Body ?? []);
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await ReleaseAsync(db, caller, key);
            throw;
        }
        if (result is not IResult executable)
            return result;

        // Run the result into memory to keep exactly the bytes the client gets.
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await executable.ExecuteAsync(http);
        }
        finally
        {
            http.Response.Body = original;
        }
        var status = http.Response.StatusCode;
        if (status >= 500 || status == StatusCodes.Status429TooManyRequests)
            await ReleaseAsync(db, caller, key);
        else
            await CompleteAsync(db, caller, key, status, http.Response.ContentType, buffer.ToArray());
        return new Replay(status, http.Response.ContentType, buffer.ToArray());
    }

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

    /// <summary>Null when this request now owns the key; otherwise what is stored for it.</summary>
    private static async Task<Stored?> ClaimAsync(TenantDb db, string caller, string key, byte[] hash, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        await work.ExecuteAsync("delete from idempotency_keys where tenant_id = @TenantId and caller = @caller and key = @key and expires_at < now()",
            new { work.TenantId, caller, key });
        var claimed = await work.ExecuteAsync("""
            insert into idempotency_keys (tenant_id, caller, key, request_hash, expires_at)
            values (@TenantId, @caller, @key, @hash, now() + @retention)
            on conflict (tenant_id, caller, key) do nothing
            """, new { work.TenantId, caller, key, hash, retention = Retention });
        var stored = claimed == 1 ? null : await work.QuerySingleOrDefaultAsync<Stored>("""
            select request_hash, completed, status_code, content_type, body from idempotency_keys
            where tenant_id = @TenantId and caller = @caller and key = @key
            """, new { work.TenantId, caller, key });
        await work.CommitAsync();
        return stored;
    }

    private static async Task CompleteAsync(TenantDb db, string caller, string key, int status, string? contentType, byte[] body)
    {
        await using var work = await db.BeginAsync(CancellationToken.None);
        await work.ExecuteAsync("""
            update idempotency_keys set completed = true, status_code = @status, content_type = @contentType, body = @body
            where tenant_id = @TenantId and caller = @caller and key = @key
            """, new { work.TenantId, caller, key, status, contentType, body });
        await work.CommitAsync();
    }

    // A failed attempt must not block its own retry.
    private static async Task ReleaseAsync(TenantDb db, string caller, string key)
    {
        await using var work = await db.BeginAsync(CancellationToken.None);
        await work.ExecuteAsync("delete from idempotency_keys where tenant_id = @TenantId and caller = @caller and key = @key and not completed",
            new { work.TenantId, caller, key });
        await work.CommitAsync();
    }

    private sealed class Replay(int status, string? contentType, byte[] body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = contentType;
            httpContext.Response.ContentLength = body.Length;
            await httpContext.Response.Body.WriteAsync(body);
        }
    }
}

/// <summary>Marks an endpoint that honours <c>Idempotency-Key</c>, so that the OpenAPI document declares the header.</summary>
public sealed record IdempotencyKeyMetadata;

public static class IdempotencyEndpoints
{
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder builder) => builder.WithMetadata(new IdempotencyKeyMetadata());
}
