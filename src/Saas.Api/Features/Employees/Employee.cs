using System.Text.Json.Serialization;
using JasperFx;
using Mapster;
using Marten;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Employees;

/// <summary>An employee, a Marten document (ADR 0012). Employees are never deleted: statements, facts and users name them
/// after they leave, so deactivation sets <see cref="Status"/> and the last day of employment, which proration reads.
/// <see cref="TeamId"/>, <see cref="Role"/> and <see cref="Status"/> are also columns of their own (<see cref="Documents"/>),
/// for the reports and counts that group and join by them in SQL. The ids CRMs know an employee by are in the document
/// and, for their uniqueness and the lookups by id, in a table too (<see cref="Employees.ExternalIds"/>, ADR 0030).</summary>
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

    /// <summary>The ids CRMs know the employee by, by system in ordinal order as answers list them. A copy of the employee's
    /// rows of <see cref="Employees.ExternalIds"/>, written in the same transaction, so that reading an employee is one query.
    /// Never null, whatever a stored document says.</summary>
    public ExternalIdMap ExternalIds { get; set => field = value ?? ExternalIdMap.None; } = ExternalIdMap.None;

    /// <summary>The assignment of <paramref name="plan"/> that applies to this employee (their own, their team's, or their role's),
    /// or -1 when none does.</summary>
    public int AssignmentIn(Engine.Plans.PlanDocument plan) =>
        plan.AssignmentFor(Id, TeamId, Engine.Common.Roles.TryParse(Role, out var role) ? role : null);

    /// <summary>Marten's revision, kept in <c>mt_version</c> and set from it on load (see <see cref="Teams.Team.Version"/>).</summary>
    [JsonIgnore]
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The employee a change applies to, locked for the rest of the transaction: changes of one employee take turns, so
    /// that the revision a change read is the one stored when it commits. Or what to answer instead: 404 when there is no such
    /// employee, 412 when <c>If-Match</c> names another revision.</summary>
    public static async Task<(Employee? Employee, IResult? Refusal)> LoadForChangeAsync(UnitOfWork work, HttpContext http, Guid id,
        CancellationToken cancellationToken)
    {
        await work.LockAsync($"employee:{work.TenantId}:{id}");
        var employee = await work.Documents.LoadAsync<Employee>(id, cancellationToken);
        if (employee is null)
            return (null, Problems.NotFound("employee", id));
        return IfMatchVersion.Stale(http, employee.Version) is { } stale ? (null, stale) : (employee, null);
    }

    /// <summary>Deactivation and reactivation: the status and last day of employment, stored as the next revision with the rest
    /// of the transaction, which commits.</summary>
    public async Task<EmployeeResponse> SetEmploymentAsync(UnitOfWork work, string status, DateOnly? endDate, DateTimeOffset now)
    {
        Status = status;
        EndDate = endDate;
        UpdatedAt = now;
        work.Documents.UpdateRevision(this, Version + 1);
        await work.CommitAsync();
        return ToResponse();
    }

    /// <summary>Which of the ids name an employee of the tenant, former ones included. Employees are never deleted, so
    /// the answer stays true for the rest of the transaction, as the foreign keys that once checked it did.</summary>
    public static async Task<HashSet<Guid>> ExistingAsync(UnitOfWork work, IReadOnlyCollection<Guid> ids)
    {
        if (ids.Count == 0)
            return [];
        var wanted = ids.ToArray();
        return (await work.Documents.Query<Employee>().Where(e => wanted.Contains(e.Id)).Select(e => e.Id).ToListAsync()).ToHashSet();
    }

    /// <summary>The employee as the API answers it, with the external ids of its document.</summary>
    public EmployeeResponse ToResponse() => this.Adapt<EmployeeResponse>();

    /// <summary>Whether saving failed because another employee of the tenant has this e-mail, in any case.</summary>
    public static bool IsDuplicateEmail(Exception e) => UniqueKey.IsViolated(e, EmailIndex);
}
