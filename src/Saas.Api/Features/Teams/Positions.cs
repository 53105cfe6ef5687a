using System.Data.Common;
using Mapster;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Assistant;
using Saas.Engine.Common;

namespace Saas.Api.Features.Teams;

/// <summary>A planned position as a request gives it: a role and how many people hold it.</summary>
public sealed record PositionInput([property: DocumentedValues(typeof(Role))] string? Role, int? Headcount);

public static class Positions
{
    public const int MaxHeadcount = 1000;

    /// <summary>How many active employees hold each role of the given teams, in the unit of work.</summary>
    public static async Task<Dictionary<(Guid TeamId, string Role), int>> FilledAsync(UnitOfWork work, IReadOnlyList<Team> teams) =>
        ByTeamAndRole(await work.QueryAsync<(Guid TeamId, string Role, int Count)>(FilledOfTeams,
            new { work.TenantId, teamIds = teams.Select(t => t.Id).ToArray() }));

    /// <summary>How many active employees hold each role of one team, read in <paramref name="batch"/>.</summary>
    public static Task<IReadOnlyList<(Guid TeamId, string Role, int Count)>> FilledIn(ReadBatch batch, Guid teamId) =>
        batch.Rows(FilledOfTeam, ReadFilled, batch.TenantId.ToString(), teamId);

    /// <summary>The SQL of <see cref="FilledIn(ReadBatch, string, object[])"/> for the teams that <paramref name="window"/>
    /// selects (their ids), a query whose first parameter is the tenant's id: build it once.</summary>
    public static string FilledOfWindow(string window) => FilledSql("?", $"in ({window})");

    /// <summary>How many active employees hold each role of the teams a window selects, read in <paramref name="batch"/>:
    /// <paramref name="sql"/> is <see cref="FilledOfWindow"/>'s, and <paramref name="windowParameters"/> the window's after its tenant.</summary>
    public static Task<IReadOnlyList<(Guid TeamId, string Role, int Count)>> FilledIn(ReadBatch batch, string sql,
        params object[] windowParameters)
    {
        var tenant = batch.TenantId.ToString();
        return batch.Rows(sql, ReadFilled, [tenant, tenant, .. windowParameters]);
    }

    // team_id, role and status are duplicated columns of the employee's document (Documents).
    private static string FilledSql(string tenantId, string teams) => $"""
        select team_id, role, count(*)::int from documents.mt_doc_employee
        where tenant_id = {tenantId} and status = 'active' and team_id {teams}
        group by team_id, role
        """;

    private static readonly string FilledOfTeams = FilledSql("@TenantId::text", "= any(@teamIds)");

    private static readonly string FilledOfTeam = FilledSql("?", "= ?");

    private static (Guid TeamId, string Role, int Count) ReadFilled(DbDataReader row) => (row.GetGuid(0), row.GetString(1), row.GetInt32(2));

    public static Dictionary<(Guid TeamId, string Role), int> ByTeamAndRole(IEnumerable<(Guid TeamId, string Role, int Count)> filled) =>
        filled.ToDictionary(f => (f.TeamId, f.Role), f => f.Count);

    /// <summary>A team as the API answers it: each planned position, in role order, with the active employees that fill it.</summary>
    public static TeamResponse Response(Team team, IReadOnlyDictionary<(Guid TeamId, string Role), int> filled, TeamAndGoals? understood = null) =>
        team.Adapt<TeamResponse>() with
        {
            Positions = team.Positions.OrderBy(p => RoleOrder.IndexOf(p.Role))
                .Select(p => new PositionResponse(p.Role, p.Headcount, filled.GetValueOrDefault((team.Id, p.Role)))).ToList(),
            Understood = understood,
        };

    private static readonly List<string> RoleOrder = Enum.GetValues<Role>().Select(r => r.WireName()).ToList();

    /// <summary>Positions given explicitly: one per role, a known role, a headcount of at least one.</summary>
    public static bool AreValid(IReadOnlyList<PositionInput?> positions) =>
        positions.All(p => p is not null && Roles.TryParse(p.Role, out _) && p.Headcount is > 0 and <= MaxHeadcount)
        && positions.Select(p => p!.Role).Distinct().Count() == positions.Count;

    public const string Rule = "Each position is a known role with a headcount from 1 to 1000, each role once.";

    public static List<(Role Role, int Headcount)> From(IReadOnlyList<PositionInput> positions) =>
        positions.Select(p => (Roles.TryParse(p.Role, out var role) ? role : default, p.Headcount!.Value)).ToList();

    public static List<TeamPosition> ToDocument(IReadOnlyList<(Role Role, int Headcount)> positions) =>
        positions.OrderBy(p => p.Role).Select(p => new TeamPosition(p.Role.WireName(), p.Headcount)).ToList();

    /// <summary>The department most of the headcount belongs to; on a tie, the first role's.</summary>
    public static string DepartmentOf(IReadOnlyList<(Role Role, int Headcount)> positions) =>
        WireNames.ToWire(positions
            .GroupBy(p => Roles.DepartmentOf(p.Role))
            .Select((g, index) => (Department: g.Key, Headcount: g.Sum(p => p.Headcount), index))
            .OrderByDescending(g => g.Headcount).ThenBy(g => g.index)
            .First().Department.ToString());
}
