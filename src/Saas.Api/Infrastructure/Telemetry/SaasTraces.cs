using System.Diagnostics;

namespace Saas.Api.Infrastructure.Telemetry;

/// <summary>The product's own spans (ActivitySource <c>Saas.Api</c>), around the work that no request carries: a calculation
/// job, a webhook delivery, a lead-facts refresh round. Their SQL and HTTP calls become their children.</summary>
public static class SaasTraces
{
    public const string Name = "Saas.Api";

    public static readonly ActivitySource Source = new(Name);

    public const string TenantId = "saas.tenant.id";

    /// <summary>Marks the span failed, with the exception as its event: the trace then says why without the logs.</summary>
    public static void Failed(this Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message)
            .SetTag("error.type", exception.GetType().FullName)
            .AddException(exception);
    }
}
