using System.Linq.Expressions;
using Marten;
using Marten.Linq;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Teams.ListTeams;

/// <summary>A page of teams in id order, compiled so that a request does not parse the query again, and the filled positions of
/// its teams read in the same batch. A batch sends every statement before it reads any answer, so the positions select the
/// page's teams by the page's window again, in SQL: each page's <c>QueryIs</c> and the window in its <c>FilledSql</c> must say the same thing.</summary>
public interface ITeamPage : ICompiledListQuery<Team>
{
    Task<IReadOnlyList<(Guid TeamId, string Role, int Count)>> FilledIn(ReadBatch batch);
}

/// <summary>Teams after <see cref="After"/> (<see cref="Guid.Empty"/> when the request has no cursor).</summary>
public sealed class TeamPage : ITeamPage
{
    public Guid After { get; init; }

    public int Take { get; init; }

    public Expression<Func<IMartenQueryable<Team>, IEnumerable<Team>>> QueryIs() =>
        teams => teams.Where(t => t.Id > After).OrderBy(t => t.Id).Take(Take);

    private static readonly string FilledSql =
        Positions.FilledOfWindow("select id from documents.mt_doc_team where tenant_id = ? and id > ? order by id limit ?");

    public Task<IReadOnlyList<(Guid TeamId, string Role, int Count)>> FilledIn(ReadBatch batch) =>
        Positions.FilledIn(batch, FilledSql, After, Take);
}

/// <summary><see cref="TeamPage"/> of one department: a query of its own rather than a filter of every known department,
/// which would hide a team stored with another (the table teams came from had no check on it).</summary>
public sealed class DepartmentTeamPage : ITeamPage
{
    public Guid After { get; init; }

    public string Department { get; init; } = "";

    public int Take { get; init; }

    public Expression<Func<IMartenQueryable<Team>, IEnumerable<Team>>> QueryIs() =>
        teams => teams.Where(t => t.Id > After && t.Department == Department).OrderBy(t => t.Id).Take(Take);

    private static readonly string FilledSql = Positions.FilledOfWindow(
        "select id from documents.mt_doc_team where tenant_id = ? and id > ? and data ->> 'department' = ? order by id limit ?");

    public Task<IReadOnlyList<(Guid TeamId, string Role, int Count)>> FilledIn(ReadBatch batch) =>
        Positions.FilledIn(batch, FilledSql, After, Department, Take);
}
