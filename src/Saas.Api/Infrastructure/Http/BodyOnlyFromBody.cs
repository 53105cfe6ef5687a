using System.Reflection;
using FastEndpoints;
using FluentValidation.Results;

namespace Saas.Api.Infrastructure.Http;

/// <summary>FastEndpoints' binder, refusing a query-string value that names a member of the body. Left to itself it would copy
/// <c>?role=admin</c> onto a body's <c>role</c>: an input outside the strict JSON contract, unvalidated as JSON and undocumented.
/// Members bound from the query say so (<c>[QueryParam]</c>); a query key that names nothing of the request is ignored, as
/// ever. Registered in place of the default binder for every endpoint that names no binder of its own.</summary>
public sealed class BodyOnlyFromBody<TRequest> : RequestBinder<TRequest> where TRequest : notnull
{
    private static readonly HashSet<string> BodyMembers = typeof(TRequest).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(member => member.CanWrite && !JsonSetup.IsFromRouteOrQuery(member))
        .SelectMany(member => new[] { member.Name, JsonSetup.NameOf(member) })
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public override ValueTask<TRequest> BindAsync(BinderContext ctx, CancellationToken ct)
    {
        var misplaced = ctx.HttpContext.Request.Query.Keys.Where(BodyMembers.Contains).ToList();
        if (misplaced.Count > 0)
        {
            // FastEndpoints answers a binding failure with the failures gathered in the context.
            ctx.ValidationFailures.AddRange(misplaced.Select(key => new ValidationFailure(key, $"'{key}' is a field of the body, not a query parameter of this operation.")));
            throw new ValidationFailureException(ctx.ValidationFailures, "A body member was named in the query string.");
        }
        return base.BindAsync(ctx, ct);
    }
}
