namespace Saas.Api.Features.Statements.LockPeriod;

public sealed record Response(string Period, string Status);
