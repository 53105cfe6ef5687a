using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Users;

/// <summary>Answers shared by the use cases that write a user.</summary>
public static class UserProblems
{
    /// <summary>The link to an employee names none of this tenant's (the foreign key said so).</summary>
    public static ProblemHttpResult UnknownEmployee(Guid? employeeId) =>
        Problems.Validation("employeeId", $"'employeeId' names no employee of this tenant ({employeeId}).", "EmployeeExists");

    public static ProblemHttpResult LastAdmin() => Problems.Conflict("The tenant must keep at least one active admin.");
}
