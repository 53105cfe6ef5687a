using System.Diagnostics;
using FastEndpoints;
using FluentValidation.Results;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;

namespace Saas.Api.Infrastructure.Http;

/// <summary>Every operation is a FastEndpoints endpoint, one class per use case (<c>Features/&lt;Feature&gt;/&lt;UseCase&gt;/Endpoint.cs</c>),
/// found by scanning this assembly. What they share is set here: the <c>/api/v1</c> prefix (the token service's endpoints
/// override it), the strict JSON of <see cref="JsonSetup"/>, answers written whole with their length (<see cref="JsonResponses"/>),
/// and failed binding or validation answered as this API's problem documents (<see cref="RequestProblems"/>).</summary>
public static class EndpointsSetup
{
    public const string ApiPrefix = "api/v1";

    public static IServiceCollection AddSaasEndpoints(this IServiceCollection services)
    {
        // Before AddFastEndpoints, which registers its own binder only where none is.
        services.AddSingleton(typeof(IRequestBinder<>), typeof(BodyOnlyFromBody<>));
        return services.AddFastEndpoints(options => options.Assemblies = [typeof(EndpointsSetup).Assembly]);
    }

    public static WebApplication MapSaasEndpoints(this WebApplication app)
    {
        app.UseFastEndpoints(config =>
        {
            config.Endpoints.RoutePrefix = ApiPrefix;
            JsonSetup.Configure(config.Serializer.Options);
            var json = config.Serializer.Options;
            config.Serializer.ResponseSerializer = (response, dto, contentType, context, cancellationToken) =>
                JsonResponses.WriteAsync(response, dto, contentType, context, json, cancellationToken);
            // Field names in errors are the JSON paths that Validation.UseJsonPropertyNames makes (admin.email), not FastEndpoints' own.
            config.Validation.UsePropertyNamingPolicy = false;
            config.Binding.JsonExceptionTransformer = JsonProblems.Failure;
            config.Binding.FailureMessage = (_, name, value) => $"'{name}' cannot be '{value}': it has the wrong type or format.";
            config.Errors.ContentType = "application/problem+json";
            config.Errors.ProducesMetadataType = null; // 400 is documented as a problem by StandardResponsesFilter
            config.Errors.ResponseBuilder = RequestProblems.Build;
        });
        return app;
    }
}

/// <summary>A request FastEndpoints could not bind or that its validator refused, as this API's problem document: an
/// unreadable body is <c>malformed-json</c> or <c>unknown-property</c> (<see cref="JsonProblems"/>), a route or query value
/// of the wrong type <c>bad-request</c>, a rule broken <c>validation</c> with the messages and rule names per field.</summary>
public static class RequestProblems
{
    public static object Build(List<ValidationFailure> failures, HttpContext http, int status)
    {
        var errors = failures.GroupBy(f => f.PropertyName).ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray());
        var problem = failures.Select(f => f.CustomState).OfType<JsonProblems.Description>().FirstOrDefault() is { } json
            ? Problem(json.Type, json.Detail)
            : failures.All(f => string.IsNullOrEmpty(f.ErrorCode))
                ? Problem(ProblemTypes.BadRequest, string.Join(" ", errors.Values.SelectMany(messages => messages)))
                : Problem(ProblemTypes.Validation, "One or more fields are invalid; nothing was written.");
        problem.Extensions["errors"] = errors;
        if (problem.Type == ProblemTypes.Validation.Uri && !failures.Any(f => f.CustomState is JsonProblems.Description))
            problem.Extensions["rules"] = failures.Where(f => !string.IsNullOrEmpty(f.ErrorCode)).GroupBy(f => f.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(f => Problems.RuleName(f.ErrorCode)).Distinct().ToArray());
        problem.Instance = http.Request.Path;
        problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
        return problem;
    }

    private static ProblemDetails Problem(ProblemType type, string detail) =>
        new() { Type = type.Uri, Title = type.Title, Status = type.Status, Detail = detail };
}
