using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Marten.Exceptions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Saas.Api.Infrastructure.Http;

public static class ProblemSetup
{
    public static IServiceCollection AddProblemResponses(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var http = context.HttpContext;
            problem.Instance ??= http.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
            // Framework-produced problems (status code pages, 405, …) get this API's type URIs too.
            if (problem.Status is { } status && (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal)))
            {
                var type = ProblemTypes.ForStatus(status);
                problem.Type = type.Uri;
                problem.Title = type.Title;
                problem.Detail ??= type.Description;
            }
        });
        services.AddExceptionHandler<ExceptionToProblemHandler>();
        return services;
    }
}

/// <summary>Turns exceptions into problem responses: request-reading failures into the 4xx they are, an
/// unreachable database into 503, anything else into a 500 that reveals nothing but the trace id.</summary>
public sealed partial class ExceptionToProblemHandler(IProblemDetailsService problemDetails, ILogger<ExceptionToProblemHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
            return true; // The client went away; there is nobody to answer.

        var (type, detail, extensions) = Describe(exception);
        if (type.Status >= 500)
        {
            if (type == ProblemTypes.ServiceUnavailable)
                LogUnavailable(logger, exception);
            else
                LogUnhandled(logger, exception);
        }

        httpContext.Response.StatusCode = type.Status;
        if (type == ProblemTypes.ServiceUnavailable)
            httpContext.Response.Headers.RetryAfter = "5";
        var problem = new ProblemDetails { Type = type.Uri, Title = type.Title, Status = type.Status, Detail = detail };
        foreach (var (key, value) in extensions)
            problem.Extensions[key] = value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    internal static (ProblemType Type, string Detail, Dictionary<string, object?> Extensions) Describe(Exception exception)
    {
        switch (exception)
        {
            // Marten and EF Core (OpenIddict's store) wrap the database's errors in their own; the database's error decides.
            case MartenException { InnerException: NpgsqlException database }:
                return Describe(database);
            case Microsoft.EntityFrameworkCore.DbUpdateException { InnerException: NpgsqlException database }:
                return Describe(database);
            case BadHttpRequestException { InnerException: JsonException json }:
                return DescribeJson(json);
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return (ProblemTypes.PayloadTooLarge, "The request body is larger than this operation accepts.", []);
            case BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType }:
                return (ProblemTypes.UnsupportedMediaType, "Send the body as application/json.", []);
            case BadHttpRequestException bad when bad.StatusCode < 500:
                // These messages name parameters and headers, never data or internals.
                return (ProblemTypes.ForStatus(bad.StatusCode), SanitizeBadRequest(bad.Message), []);
            // Backstops: validators should catch these first, but a value PostgreSQL cannot store (out of range, a NUL
            // character, an impossible date) or a number too large to compute with is the client's input, not our fault.
            case PostgresException { SqlState: var state } when state.StartsWith("22", StringComparison.Ordinal) || state == PostgresErrorCodes.CheckViolation:
                return (ProblemTypes.BadRequest,
                    "A value cannot be stored: it is out of range, too precise, an impossible date, or holds a character such as \\u0000.", []);
            case OverflowException:
                return (ProblemTypes.BadRequest, "A number is too large to compute with; use values below 10^15.", []);
            // Two transactions that lost to each other: nothing was stored, and the same request succeeds when retried.
            case PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure }:
                return (ProblemTypes.ServiceUnavailable, "The request collided with another one and stored nothing. Retry it.", []);
            // A command that ran out of time (it waited behind other work, say): nothing of it was stored.
            case NpgsqlException { InnerException: TimeoutException }:
                return (ProblemTypes.ServiceUnavailable, "The database did not answer in time; nothing was changed. Retry in a few seconds.", []);
            case NpgsqlException npgsql when IsDatabaseUnreachable(npgsql):
                return (ProblemTypes.ServiceUnavailable, "The database is unreachable at the moment. Retry in a few seconds.", []);
            default:
                return (ProblemTypes.Internal, "An unexpected error occurred. It has been logged; quote the traceId when reporting it.", []);
        }
    }

    private static (ProblemType, string, Dictionary<string, object?>) DescribeJson(JsonException json)
    {
        var (type, detail, field, message) = JsonProblems.Describe(json);
        return (type, detail, new() { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });
    }

    // Framework messages sometimes name the handler's parameter type ("Failed to read parameter \"Request request\"").
    private static string SanitizeBadRequest(string message) =>
        message.StartsWith("Failed to read parameter", StringComparison.Ordinal) || message.Contains("Implicit body inferred", StringComparison.Ordinal)
            ? "The request body is missing or could not be read."
            : message;

    /// <summary>The connection failed, not the request: the server is unreachable, terminated the backend (a restart, a
    /// fast shutdown, an operator's <c>pg_terminate_backend</c>), refuses connections while it starts or stops, or has no
    /// slot left. Retrying later succeeds, so these are 503s.</summary>
    private static bool IsDatabaseUnreachable(NpgsqlException exception) => exception switch
    {
        PostgresException { SqlState: var state } => state.StartsWith("08", StringComparison.Ordinal)
            || state is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
                or PostgresErrorCodes.TooManyConnections,
        _ => exception.InnerException is SocketException or IOException || exception.IsTransient,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception")]
    private static partial void LogUnhandled(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database unreachable")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
