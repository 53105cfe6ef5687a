using FastEndpoints;

namespace Saas.Api.Features.Statements;

/// <summary><c>/api/v1/statements</c>. Who may call each use case differs (employees read their own statements and ask
/// about them, admins approve and adjust), so each endpoint names its policy.</summary>
public sealed class StatementsGroup : Group
{
    public StatementsGroup() => Configure("statements", endpoint => endpoint.Description(route => route.WithTags("Statements")));
}
