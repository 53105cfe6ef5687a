using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Features.Employees;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users;

/// <summary>Answers shared by the use cases that write a user.</summary>
public static class UserProblems
{
    /// <summary>Why a user cannot be linked to the employee: none of this tenant's has that id.</summary>
    public static async Task<ProblemHttpResult?> CheckEmployeeAsync(UnitOfWork work, Guid? employeeId) =>
        employeeId is { } id && !(await Employee.ExistingAsync(work, [id])).Contains(id) ? UnknownEmployee(id) : null;

    private static ProblemHttpResult UnknownEmployee(Guid employeeId) =>
        Problems.Validation("employeeId", $"'employeeId' names no employee of this tenant ({employeeId}).", "EmployeeExists");

    public static ProblemHttpResult LastAdmin() => Problems.Conflict("The tenant must keep at least one active admin.");
}
