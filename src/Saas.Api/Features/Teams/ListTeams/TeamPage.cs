using System.Linq.Expressions;
using Marten;
using Marten.Linq;

namespace Saas.Api.Features.Teams.ListTeams;

/// <summary>A page of teams in id order, <see cref="Guid.Empty"/> when the request has no cursor. Compiled, so that a request
/// does not parse the query again.</summary>
public sealed class TeamPage : ICompiledListQuery<Team>
{
    public Guid After { get; init; }

    public int Take { get; init; }

    public Expression<Func<IMartenQueryable<Team>, IEnumerable<Team>>> QueryIs() =>
        teams => teams.Where(t => t.Id > After).OrderBy(t => t.Id).Take(Take);
}

/// <summary><see cref="TeamPage"/> of one department: a query of its own rather than a filter of every known department,
/// which would hide a team stored with another (the table teams came from had no check on it).</summary>
public sealed class DepartmentTeamPage : ICompiledListQuery<Team>
{
    public Guid After { get; init; }

    public string Department { get; init; } = "";

    public int Take { get; init; }

    public Expression<Func<IMartenQueryable<Team>, IEnumerable<Team>>> QueryIs() =>
        teams => teams.Where(t => t.Id > After && t.Department == Department).OrderBy(t => t.Id).Take(Take);
}
