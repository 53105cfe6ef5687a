using System.Linq.Expressions;
using Marten;
using Marten.Linq;

namespace Saas.Api.Features.Teams.ListTeams;

/// <summary>A page of teams in id order. Compiled, so that a request does not parse the query again; with every department
/// and <see cref="Guid.Empty"/> when the request filters on neither.</summary>
public sealed class TeamPage : ICompiledListQuery<Team>
{
    public Guid After { get; init; }

    public string[] Departments { get; init; } = Teams.Departments.Names;

    public int Take { get; init; }

    public Expression<Func<IMartenQueryable<Team>, IEnumerable<Team>>> QueryIs() =>
        teams => teams.Where(t => t.Id > After && t.Department.IsOneOf(Departments)).OrderBy(t => t.Id).Take(Take);
}
