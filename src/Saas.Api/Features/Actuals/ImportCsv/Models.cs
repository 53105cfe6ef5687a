using FastEndpoints;
using FluentValidation;
using Saas.Api.Infrastructure.OpenApi;

namespace Saas.Api.Features.Actuals.ImportCsv;

/// <summary>The file is the body (<c>text/csv</c>), read by the endpoint as a stream; only the kind is bound.</summary>
public sealed class Request
{
    /// <summary>events, spend or metrics; taken from the columns when left out.</summary>
    [QueryParam]
    [DocumentedValues("events", "spend", "metrics")]
    public string? Kind { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() =>
        RuleFor(r => r.Kind).Must(kind => CsvColumns.Known.ContainsKey(kind!)).When(r => r.Kind is not null)
            .WithMessage("'kind' must be events, spend or metrics.").WithErrorCode("Must");
}

public sealed record Result(string Kind, int Received, int Accepted, int Duplicates, IReadOnlyList<RejectedItem> Rejected, int RejectedCount);
