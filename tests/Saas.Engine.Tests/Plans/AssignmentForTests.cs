using Saas.Engine.Common;
using Saas.Engine.Plans;

namespace Saas.Engine.Tests.Plans;

public class AssignmentForTests
{
    private static readonly Guid Anna = Guid.Parse("0195f6a0-0000-7000-8000-000000000001");
    private static readonly Guid Sales = Guid.Parse("0195f6a0-0000-7000-8000-0000000000aa");

    private static Assignment For(Role? role = null, Guid? team = null, Guid? employee = null) => new()
    {
        Role = role,
        TeamId = team,
        EmployeeId = employee,
        TargetVariablePay = new TargetVariablePay { Amount = 1 },
        Components = [],
    };

    private static readonly PlanDocument Plan = new()
    {
        Name = "P",
        Currency = "RUB",
        Periods = ["2026-11"],
        Assignments = [For(role: Role.SalesManager), For(team: Sales), For(employee: Anna)],
    };

    [Fact]
    public void The_employees_own_assignment_wins_then_the_team_then_the_role()
    {
        Assert.Equal(2, Plan.AssignmentFor(Anna, Sales, Role.SalesManager));
        Assert.Equal(1, Plan.AssignmentFor(Guid.NewGuid(), Sales, Role.SalesManager));
        Assert.Equal(0, Plan.AssignmentFor(Guid.NewGuid(), Guid.NewGuid(), Role.SalesManager));
        Assert.Equal(-1, Plan.AssignmentFor(Guid.NewGuid(), null, Role.Marketer));
        Assert.Equal(-1, Plan.AssignmentFor(null, null, null));
    }
}
