using System.Text.Json;
using FastEndpoints;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

/// <summary>Reads a plan document with the engine's own JSON rules (the ones it is stored with), so that what is
/// accepted here is exactly what the calculator later reads. An enum value that names no member fails as the API's
/// <see cref="EnumValueException"/>, so that the problem names the field and the allowed values as for any other body;
/// every other failure is the usual malformed-JSON, unknown-property or missing-member problem.</summary>
public sealed class PlanBodyBinder : IRequestBinder<PlanDocument>
{
    public static readonly PlanBodyBinder Instance = new();

    private static readonly JsonSerializerOptions Options = PlanJson.Create(message => new EnumValueException(message));

    public async ValueTask<PlanDocument> BindAsync(BinderContext context, CancellationToken cancellationToken) =>
        await JsonSerializer.DeserializeAsync<PlanDocument>(context.HttpContext.Request.Body, Options, cancellationToken)
            ?? throw new JsonException("A plan document cannot be null.", "$", null, null);
}
