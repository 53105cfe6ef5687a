using System.Text.Json;
using FluentValidation.Results;

namespace Saas.Api.Infrastructure.Http;

/// <summary>What a body that cannot be read as the operation's JSON is told: the problem type, a detail and the error per
/// JSON path. One description for the two ways such a body fails: while FastEndpoints binds a request, and while a handler
/// reads a body itself (batches).</summary>
public static class JsonProblems
{
    /// <summary>The failure FastEndpoints reports for a body it could not deserialize; its <c>CustomState</c> is the
    /// description, which <see cref="RequestProblems"/> turns back into the problem.</summary>
    public static ValidationFailure Failure(JsonException exception)
    {
        var (type, detail, field, message) = Describe(exception);
        return new ValidationFailure(field, message) { ErrorCode = type.Name, CustomState = new Description(type, detail, field, message) };
    }

    public sealed record Description(ProblemType Type, string Detail, string Field, string Message);

    public static (ProblemType Type, string Detail, string Field, string Message) Describe(JsonException json)
    {
        var path = string.IsNullOrEmpty(json.Path) ? "$" : json.Path;
        var field = path == "$" ? "$" : path.TrimStart('$', '.');
        if (json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return (ProblemTypes.UnknownProperty, $"The property '{field}' is not accepted by this operation.", field, "Unknown property.");
        if (json.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            // The framework's message names the .NET type; keep only the JSON names it lists after the colon.
            var missing = json.Message[(json.Message.LastIndexOf(':') + 1)..].Trim().TrimEnd('.');
            var at = field == "$" ? "the body" : $"'{field}'";
            return (ProblemTypes.Validation, $"Required properties are missing in {at}: {missing}.", field, $"Missing required properties: {missing}.");
        }
        var message = json is EnumValueException enumValue
            ? enumValue.Message
            : json.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? "The value has the wrong JSON type or format."
                : json.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase)
                    ? "The property appears more than once."
                    : "The JSON is malformed here.";
        return (ProblemTypes.MalformedJson, $"The body could not be read as JSON at '{path}': {message}", field, message);
    }
}

/// <summary>A string that names no value of an enum: the message lists the values that are accepted.</summary>
public sealed class EnumValueException(string message) : JsonException(message);
