using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;

namespace Saas.Api.Features.Plans;

/// <summary>A plan with its document. <see cref="Generation"/> is the assistant's explanation (KPIs per role with
/// rationale, funnel math, assumptions, bonus cost) when the plan was generated.</summary>
public sealed record PlanResponse(
    Guid Id,
    string Name,
    string Status,
    string Source,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ActivatedAt,
    PlanDocument Document,
    JsonElement? Generation);

public sealed record PlanSummary(
    Guid Id,
    string Name,
    string Status,
    string Source,
    IReadOnlyList<string> Periods,
    DateOnly? EffectiveFrom,
    DateOnly? EffectiveTo,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A list row: the periods are read from the document in SQL, so a page of plans is not deserialised whole.</summary>
public sealed record PlanSummaryRow(Guid Id, string Name, string Status, string Source, string Periods, DateOnly? EffectiveFrom, DateOnly? EffectiveTo,
    int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Columns =
        "id, name, status, source, document->>'periods' as periods, effective_from, effective_to, version, created_at, updated_at";

    public PlanSummary ToSummary() => new(Id, Name, Status, Source, JsonSerializer.Deserialize<string[]>(Periods) ?? [], EffectiveFrom, EffectiveTo,
        Version, CreatedAt, UpdatedAt);
}

/// <summary>A row of <c>plans</c> as the slices read it.</summary>
public sealed record PlanRow(Guid Id, string Name, string Status, string Source, string Document, string? Generation,
    DateOnly? EffectiveFrom, DateOnly? EffectiveTo, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ActivatedAt)
{
    public const string Columns =
        "id, name, status, source, document::text as document, generation::text as generation, effective_from, effective_to, version, created_at, updated_at, activated_at";

    public PlanDocument ReadDocument() => PlanJson.Deserialize(Document);

    public PlanResponse ToResponse() => new(Id, Name, Status, Source, EffectiveFrom, EffectiveTo, Version, CreatedAt, UpdatedAt, ActivatedAt, ReadDocument(),
        Generation is null ? null : JsonDocument.Parse(Generation).RootElement.Clone());

}

public static class PlanBodies
{
    /// <summary>Reads a plan document with the engine's own JSON rules (the ones it is stored with), so that what
    /// is accepted here is exactly what the calculator later reads. Malformed JSON surfaces as the usual 400 problem.</summary>
    public static async Task<PlanDocument> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
            throw new BadHttpRequestException("Send the plan document as application/json.", StatusCodes.Status415UnsupportedMediaType);
        try
        {
            return await JsonSerializer.DeserializeAsync<PlanDocument>(request.Body, PlanJson.Options, cancellationToken)
                ?? throw new JsonException("A plan document cannot be null.", "$", null, null);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The plan document could not be read.", StatusCodes.Status400BadRequest, e);
        }
    }

    /// <summary>The plan validator's errors as a validation problem (field paths and rule codes), or null when valid.</summary>
    public static ProblemHttpResult? Check(PlanDocument document)
    {
        var errors = PlanValidator.Validate(document);
        if (errors.Count == 0)
            return null;
        return Problems.Validation(
            errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Code).Distinct().ToArray()));
    }

    public static async Task RecordRevisionAsync(UnitOfWork work, Guid planId, int version, string document, HttpContext http) =>
        await work.ExecuteAsync("""
            insert into plan_revisions (tenant_id, plan_id, version, document, changed_by)
            values (@TenantId, @planId, @version, @document::jsonb, @changedBy)
            """, new { work.TenantId, planId, version, document, changedBy = http.User.Identity?.Name });

    public static async Task<ProblemHttpResult> MissingOrChangedAsync(UnitOfWork work, Guid id, int? expectedVersion)
    {
        var current = await work.QuerySingleOrDefaultAsync<(int Version, string Status)?>(
            "select version, status from plans where tenant_id = @TenantId and id = @id", new { work.TenantId, id });
        return current switch
        {
            null => Problems.NotFound("plan", id),
            { Status: not "draft" } => Problems.Conflict($"The plan is {current.Value.Status}; only a draft can change. Copy it into a new draft instead."),
            _ when expectedVersion is not null && expectedVersion != current.Value.Version => Problems.PreconditionFailed(current.Value.Version),
            _ => Problems.Conflict("The plan changed while this request ran; read it again and retry."),
        };
    }
}
