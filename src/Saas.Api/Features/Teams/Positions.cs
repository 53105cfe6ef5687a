using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.OpenApi;
using Saas.Engine.Common;

namespace Saas.Api.Features.Teams;

/// <summary>A planned position as a request gives it: a role and how many people hold it.</summary>
public sealed record PositionInput([property: DocumentedValues(typeof(Role))] string? Role, int? Headcount);

public static class Positions
{
    public const int MaxHeadcount = 1000;

    private sealed record Row(Guid TeamId, string Role, int Headcount, int Filled);

    /// <summary>The positions of the given teams, in role order, with the active employees that fill them.</summary>
    public static async Task<Dictionary<Guid, List<PositionResponse>>> LoadAsync(UnitOfWork work, IReadOnlyCollection<Guid> teamIds)
    {
        var rows = await work.QueryAsync<Row>("""
            select p.team_id, p.role, p.headcount,
                   (select count(*)::int from employees e
                    where e.tenant_id = p.tenant_id and e.team_id = p.team_id and e.role = p.role and e.status = 'active') as filled
            from team_positions p
            where p.tenant_id = @TenantId and p.team_id = any(@teamIds)
            """, new { work.TenantId, teamIds = teamIds.ToArray() });
        var order = Enum.GetValues<Role>().Select(r => r.WireName()).ToList();
        return rows.GroupBy(r => r.TeamId).ToDictionary(
            g => g.Key,
            g => g.OrderBy(r => order.IndexOf(r.Role)).Select(r => new PositionResponse(r.Role, r.Headcount, r.Filled)).ToList());
    }

    public static async Task ReplaceAsync(UnitOfWork work, Guid teamId, IReadOnlyList<(Role Role, int Headcount)> positions)
    {
        await work.ExecuteAsync("delete from team_positions where tenant_id = @TenantId and team_id = @teamId", new { work.TenantId, teamId });
        foreach (var (role, headcount) in positions)
            await work.ExecuteAsync("""
                insert into team_positions (tenant_id, team_id, role, headcount) values (@TenantId, @teamId, @role, @headcount)
                """, new { work.TenantId, teamId, role = role.WireName(), headcount });
    }

    /// <summary>Positions given explicitly: one per role, a known role, a headcount of at least one.</summary>
    public static bool AreValid(IReadOnlyList<PositionInput?> positions) =>
        positions.All(p => p is not null && Roles.TryParse(p.Role, out _) && p.Headcount is > 0 and <= MaxHeadcount)
        && positions.Select(p => p!.Role).Distinct().Count() == positions.Count;

    public const string Rule = "Each position is a known role with a headcount from 1 to 1000, each role once.";

    public static List<(Role Role, int Headcount)> From(IReadOnlyList<PositionInput> positions) =>
        positions.Select(p => (Roles.TryParse(p.Role, out var role) ? role : default, p.Headcount!.Value)).ToList();

    /// <summary>The department most of the headcount belongs to; on a tie, the first role's.</summary>
    public static string DepartmentOf(IReadOnlyList<(Role Role, int Headcount)> positions) =>
        WireNames.ToWire(positions
            .GroupBy(p => Roles.DepartmentOf(p.Role))
            .Select((g, index) => (Department: g.Key, Headcount: g.Sum(p => p.Headcount), index))
            .OrderByDescending(g => g.Headcount).ThenBy(g => g.index)
            .First().Department.ToString());
}
