using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Saas.Api.Infrastructure.Http;

/// <summary>Problem responses that slices return as values; <see cref="ProblemSetup"/> adds
/// <c>instance</c> and <c>traceId</c> to every one of them.</summary>
public static class Problems
{
    public static ProblemHttpResult Of(ProblemType type, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail: detail, statusCode: type.Status, title: type.Title, type: type.Uri, extensions: extensions);

    public static ProblemHttpResult NotFound(string resource, object id) =>
        Of(ProblemTypes.NotFound, $"No {resource} with id '{id}' exists.");

    public static ProblemHttpResult Conflict(string detail) => Of(ProblemTypes.Conflict, detail);

    public static ProblemHttpResult PreconditionFailed(int currentVersion) =>
        Of(ProblemTypes.PreconditionFailed,
            $"The resource has changed: its current ETag is {ETags.For(currentVersion)}. Read it again and reapply the change.");

    public static ProblemHttpResult BadRequest(string detail) => Of(ProblemTypes.BadRequest, detail);

    public static ProblemHttpResult InvalidIfMatch() =>
        BadRequest("If-Match must be a strong ETag as returned by a read (for example \"3\"), or *.");

    public static ProblemHttpResult Validation(string field, string message, string rule) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, new Dictionary<string, string[]> { [field] = [rule] });

    public static ProblemHttpResult Validation(ValidationResult result) =>
        Validation(
            result.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()),
            result.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => RuleName(e.ErrorCode)).Distinct().ToArray()));

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, IDictionary<string, string[]> rules) =>
        Of(ProblemTypes.Validation, "One or more fields are invalid; nothing was written.",
            new Dictionary<string, object?> { ["errors"] = errors, ["rules"] = rules });

    // FluentValidation names its rules "NotEmptyValidator", "MaximumLengthValidator"; a client needs only the rule.
    public static string RuleName(string errorCode) =>
        errorCode.EndsWith("Validator", StringComparison.Ordinal) ? errorCode[..^"Validator".Length] : errorCode;
}
