namespace Saas.Api.Features.Tenant;

/// <summary>Working time on one day of the week, <c>"HH:mm"</c> to <c>"HH:mm"</c>.</summary>
public sealed record WorkingInterval(string Day, string From, string To);
