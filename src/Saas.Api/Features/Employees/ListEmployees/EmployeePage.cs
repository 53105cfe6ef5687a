using System.Linq.Expressions;
using Marten;
using Marten.Linq;

namespace Saas.Api.Features.Employees.ListEmployees;

/// <summary>A page of all employees in id order, <see cref="Guid.Empty"/> when the request has no cursor: the list as an
/// integration or a frontend pages through it, unfiltered. Compiled, so that such a request does not parse the query again;
/// the filtered lists are composed per request.</summary>
public sealed class EmployeePage : ICompiledListQuery<Employee>
{
    public Guid After { get; init; }

    public int Take { get; init; }

    public Expression<Func<IMartenQueryable<Employee>, IEnumerable<Employee>>> QueryIs() =>
        employees => employees.Where(e => e.Id > After).OrderBy(e => e.Id).Take(Take);
}
