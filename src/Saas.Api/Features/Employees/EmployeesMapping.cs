using Mapster;
using Saas.Engine.Common;

namespace Saas.Api.Features.Employees;

/// <summary>An employee as the API answers it. <see cref="Employee.ToResponse"/> adds the external ids as they are, already
/// sorted, where Mapster would copy the map into one of its own.</summary>
public sealed class EmployeesMapping : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<Employee, EmployeeResponse>()
            .Ignore(employee => employee.ExternalIds)
            .Map(employee => employee.BaseSalary, employee => Currency.Scaled(employee.BaseSalary, employee.Currency));
}
