using Mapster;
using Saas.Engine.Common;

namespace Saas.Api.Features.Employees;

/// <summary>An employee as the API answers it, with its external ids as they are (immutable, already sorted): without the
/// rule for the map, Mapster answers its properties (<c>Count</c>, <c>Keys</c>, <c>Values</c>) as if they were its ids.</summary>
public sealed class EmployeesMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<ExternalIdMap, IReadOnlyDictionary<string, string>>().MapWith(ids => (IReadOnlyDictionary<string, string>)ids);
        config.NewConfig<Employee, EmployeeResponse>()
            .Map(employee => employee.BaseSalary, employee => Currency.Scaled(employee.BaseSalary, employee.Currency));
    }
}
