using FastEndpoints;

namespace Saas.Api.Features.Statements.ListStatements;

public sealed class Request : StatementListRequest
{
    /// <summary>Only this employee's statements.</summary>
    [QueryParam]
    public Guid? EmployeeId { get; init; }
}

public sealed class Validator : Validator<Request>
{
    public Validator() => Include(new StatementListRequestValidator());
}
