using Mapster;
using Saas.Engine.Common;

namespace Saas.Api.Features.Employees;

/// <summary>An employee as the API answers it; the external ids are read separately and added by
/// <see cref="Employee.ToResponse"/>.</summary>
public sealed class EmployeesMapping : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<Employee, EmployeeResponse>()
            .Ignore(employee => employee.ExternalIds)
            .Map(employee => employee.BaseSalary, employee => Currency.Scaled(employee.BaseSalary, employee.Currency));
}
