namespace Saas.Api.Infrastructure.Http;

/// <summary>One kind of failure this API reports (RFC 9457 <c>type</c>). The status alone is often too
/// coarse for a client to branch on (two kinds of 409, say), so every problem names its type.</summary>
public sealed record ProblemType(string Name, int Status, string Title, string Description)
{
    /// <summary>Relative to the API itself: <c>GET /problems/{name}</c> describes the type.</summary>
    public string Uri => "/problems/" + Name;
}

public static class ProblemTypes
{
    public static readonly ProblemType BadRequest = new("bad-request", 400, "Bad request",
        "The request is not understood: a malformed parameter, header, path or paging cursor.");
    public static readonly ProblemType MalformedJson = new("malformed-json", 400, "Malformed JSON",
        "The body is not valid JSON, or a value has the wrong JSON type. 'errors' names the JSON path.");
    public static readonly ProblemType UnknownProperty = new("unknown-property", 400, "Unknown property",
        "The body has a property this operation does not accept; nothing was written. 'errors' names it.");
    public static readonly ProblemType Validation = new("validation", 400, "Validation failed",
        "One or more fields break a rule; 'errors' lists the messages per field and 'rules' the rule names.");
    public static readonly ProblemType TwoCredentials = new("two-credentials", 400, "More than one credential",
        "The request carries both an X-Api-Key and an Authorization header. A request authenticates as exactly one caller: send one.");
    public static readonly ProblemType Unauthorized = new("unauthorized", 401, "Unauthorized",
        "Credentials are missing, expired or invalid.");
    public static readonly ProblemType Forbidden = new("forbidden", 403, "Forbidden",
        "The caller is authenticated but its role or scopes do not allow this operation.");
    public static readonly ProblemType NotFound = new("not-found", 404, "Not found",
        "The resource does not exist, or it is not visible to the caller's tenant.");
    public static readonly ProblemType MethodNotAllowed = new("method-not-allowed", 405, "Method not allowed",
        "The path exists but does not support this HTTP method.");
    public static readonly ProblemType Conflict = new("conflict", 409, "Conflict",
        "The request conflicts with the current state, such as a duplicate name or a resource still in use.");
    public static readonly ProblemType PreconditionFailed = new("precondition-failed", 412, "Precondition failed",
        "If-Match names a version that is no longer current: read the resource again and reapply the change.");
    public static readonly ProblemType PayloadTooLarge = new("payload-too-large", 413, "Payload too large",
        "The body or a batch exceeds the limit of this operation.");
    public static readonly ProblemType UnsupportedMediaType = new("unsupported-media-type", 415, "Unsupported media type",
        "The Content-Type is not one this operation accepts (usually application/json).");
    public static readonly ProblemType Unprocessable = new("idempotency-key-reused", 422, "Idempotency key reused",
        "The Idempotency-Key was first used with a different request; a new request needs a new key.");
    public static readonly ProblemType TooManyRequests = new("too-many-requests", 429, "Too many requests",
        "A rate limit was reached; retry after the number of seconds in Retry-After.");
    public static readonly ProblemType ServiceUnavailable = new("service-unavailable", 503, "Service unavailable",
        "A dependency such as the database is unreachable for the moment; retry later.");
    public static readonly ProblemType Internal = new("internal", 500, "Internal error",
        "An unexpected error. It was logged with the traceId of this response; quote it when asking for help.");

    public static IReadOnlyList<ProblemType> All { get; } =
    [
        BadRequest, MalformedJson, UnknownProperty, Validation, TwoCredentials, Unauthorized, Forbidden, NotFound, MethodNotAllowed,
        Conflict, PreconditionFailed, PayloadTooLarge, UnsupportedMediaType, Unprocessable, TooManyRequests, ServiceUnavailable, Internal,
    ];

    public static ProblemType ForStatus(int status) =>
        All.FirstOrDefault(type => type.Status == status && type != MalformedJson && type != UnknownProperty && type != Validation && type != TwoCredentials)
        ?? (status >= 500 ? Internal : BadRequest);
}
