using System.Linq.Expressions;
using Marten;
using Marten.Linq;

namespace Saas.Api.Features.Statements;

/// <summary>A page of a period's latest statements in id order, <see cref="Guid.Empty"/> when the request has no cursor: the
/// month's statements as a manager or payroll pages through them. Compiled, so that such a request does not parse the query
/// again; the other filters are composed per request (<see cref="StatementLists"/>).</summary>
public sealed class PeriodPage : ICompiledListQuery<Statement>
{
    public Guid After { get; init; }

    public string Period { get; init; } = "";

    public int Take { get; init; }

    public Expression<Func<IMartenQueryable<Statement>, IEnumerable<Statement>>> QueryIs() =>
        statements => statements.Where(s => s.Latest && s.Period == Period && s.Id > After).OrderBy(s => s.Id).Take(Take);
}
