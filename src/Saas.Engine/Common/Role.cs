namespace Saas.Engine.Common;

/// <summary>The roles a marketing and sales team is made of. On the wire they are snake_case
/// (<c>sales_manager</c>, <c>head_of_sales</c>).</summary>
public enum Role
{
    Marketer,
    Smm,
    PerformanceMarketer,
    ContentMarketer,
    LeadGenerator,
    Sdr,
    SalesManager,
    KeyAccountManager,
    CustomerService,
    HeadOfMarketing,
    HeadOfSales,
}

public enum Department
{
    Marketing,
    Sales,
    LeadGeneration,
    AccountManagement,
    CustomerService,
}

public static class Roles
{
    /// <summary>The department a role normally belongs to; a team may still mix roles.</summary>
    public static Department DepartmentOf(Role role) => role switch
    {
        Role.Marketer or Role.Smm or Role.PerformanceMarketer or Role.ContentMarketer or Role.HeadOfMarketing
            => Department.Marketing,
        Role.LeadGenerator => Department.LeadGeneration,
        Role.Sdr or Role.SalesManager or Role.HeadOfSales => Department.Sales,
        Role.KeyAccountManager => Department.AccountManagement,
        Role.CustomerService => Department.CustomerService,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    /// <summary>The snake_case name used in JSON, URLs and plan documents.</summary>
    public static string WireName(this Role role) => WireNames.ToWire(role.ToString());

    public static bool TryParse(string? wireName, out Role role) => WireNames.TryParse(wireName, out role);
}
