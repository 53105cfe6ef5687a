namespace Saas.Api.Features.Users;

public static class UserRoles
{
    public static readonly string[] All = ["admin", "manager", "employee"];

    public const string Rule = "'role' must be one of admin, manager, employee.";
}
