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
        ByTeamAndRole(await work.QueryAsync<(Guid TeamId, string Role, int Count)>(FilledSql, new { work.TenantId, teamIds = IdsOf(teams) }));

    /// <summary>How many active employees hold each role of the given teams, read on its own.</summary>
    public static async Task<Dictionary<(Guid TeamId, string Role), int>> FilledAsync(TenantDb db, IReadOnlyList<Team> teams,
        CancellationToken cancellationToken) =>
        ByTeamAndRole(await db.QueryAsync<(Guid TeamId, string Role, int Count)>(FilledSql, new { db.TenantId, teamIds = IdsOf(teams) },
            cancellationToken));

    private const string FilledSql = """
        select team_id, role, count(*)::int from documents.mt_doc_employee
        where tenant_id = @TenantId::text and team_id = any(@teamIds) and status = 'active'
        group by team_id, role
        """;

    private static Guid[] IdsOf(IReadOnlyList<Team> teams) => teams.Select(t => t.Id).ToArray();

    private static Dictionary<(Guid TeamId, string Role), int> ByTeamAndRole(IEnumerable<(Guid TeamId, string Role, int Count)> filled) =>
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
