using System.Text.Json.Serialization;
using JasperFx;
using Mapster;
using Marten;
using Saas.Api.Infrastructure.Database;

namespace Saas.Api.Features.Employees;

/// <summary>An employee, a Marten document (ADR 0012). Employees are never deleted: statements, facts and users name them
/// after they leave, so deactivation sets <see cref="Status"/> and the last day of employment, which proration reads.
/// <see cref="TeamId"/>, <see cref="Role"/> and <see cref="Status"/> are also columns of their own (<see cref="Documents"/>),
/// for the reports and counts that group and join by them in SQL. The ids CRMs know an employee by stay a table
/// (<see cref="ExternalIds"/>): an id names one employee per system across all of a tenant's employees.</summary>
public sealed class Employee : IRevisioned
{
    /// <summary>The unique index on the lower-cased e-mail within a tenant (<see cref="Documents"/>).</summary>
    public const string EmailIndex = "mt_doc_employee_uidx_email";

    public const string Active = "active";
    public const string Inactive = "inactive";

    public Guid Id { get; set; }

    public string FullName { get; set; } = "";

    public string? Email { get; set; }

    public string Role { get; set; } = "";

    public string Department { get; set; } = "";

    public Guid? TeamId { get; set; }

    public decimal BaseSalary { get; set; }

    public string Currency { get; set; } = "";

    public DateOnly? StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    public string Status { get; set; } = Active;

    /// <summary>Marten's revision, kept in <c>mt_version</c> and set from it on load (see <see cref="Teams.Team.Version"/>).</summary>
    [JsonIgnore]
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Changes of one employee take turns, so that the revision a write read is the one stored when it commits.</summary>
    public static Task LockAsync(UnitOfWork work, Guid id) => work.LockAsync($"employee:{work.TenantId}:{id}");

    /// <summary>Which of the ids name an employee of the tenant, former ones included. Employees are never deleted, so
    /// the answer stays true for the rest of the transaction, as the foreign keys that once checked it did.</summary>
    public static async Task<HashSet<Guid>> ExistingAsync(UnitOfWork work, IReadOnlyCollection<Guid> ids)
    {
        if (ids.Count == 0)
            return [];
        var wanted = ids.ToArray();
        return (await work.Documents.Query<Employee>().Where(e => wanted.Contains(e.Id)).Select(e => e.Id).ToListAsync()).ToHashSet();
    }

    /// <summary>The response for this employee, with the given external ids.</summary>
    public EmployeeResponse ToResponse(IReadOnlyDictionary<string, string> externalIds) =>
        this.Adapt<EmployeeResponse>() with { ExternalIds = externalIds };

    /// <summary>The response for this employee, with the external ids as they stand in the unit of work's transaction.</summary>
    public async Task<EmployeeResponse> ToResponseAsync(UnitOfWork work) => ToResponse(await ExternalIds.LoadAsync(work, Id));

    /// <summary>Whether saving failed because another employee of the tenant has this e-mail, in any case.</summary>
    public static bool IsDuplicateEmail(Exception e) => UniqueKey.IsViolated(e, EmailIndex);
}
