using Mapster;
using Saas.Engine.Common;

namespace Saas.Api.Features.Employees;

/// <summary>An employee row as the API answers it; the external ids are read separately and added by
/// <see cref="EmployeeRow.ToResponse"/>.</summary>
public sealed class EmployeesMapping : IRegister
{
    public void Register(TypeAdapterConfig config) =>
        config.NewConfig<EmployeeRow, EmployeeResponse>()
            .Ignore(employee => employee.ExternalIds)
            .Map(employee => employee.BaseSalary, row => Currency.Scaled(row.BaseSalary, row.Currency.Trim()));
}
