namespace Saas.Api.Features.Users.ReissueActivation;

public sealed record Response(Guid Id, string ActivationToken, DateTimeOffset ActivationExpiresAt);
