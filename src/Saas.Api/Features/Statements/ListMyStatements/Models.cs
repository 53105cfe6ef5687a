using FastEndpoints;

namespace Saas.Api.Features.Statements.ListMyStatements;

public sealed class Request : StatementListRequest;

public sealed class Validator : Validator<Request>
{
    public Validator() => Include(new StatementListRequestValidator());
}
