using FastEndpoints;
using Saas.Api.Features.Employees;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Payouts;

namespace Saas.Api.Features.Plans.SimulatePlan;

/// <summary>What-if: the payout that given metric values would earn under a plan (draft or not), line by line,
/// computed by the same calculator as statements. Nothing is stored.</summary>
public sealed class Endpoint(TenantDb db) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("{id:guid}/simulate");
        Group<PlansGroup>();
        Description(route => route.WithName("SimulatePlan"));
        Summary(summary => summary.Summary = "Simulate the payouts that given actuals would earn, line by line");
    }

    public override async Task HandleAsync(Request request, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var (found, problem) = await PlanInPeriod.LoadAsync(work, request.Id, request.Period!, cancellationToken);
        if (problem is not null)
        {
            await Send.ResultAsync(problem);
            return;
        }
        var (_, document, period, locale) = found!;

        var employeeIds = request.Actuals!.Where(s => s.EmployeeId is not null).Select(s => s.EmployeeId!.Value).Distinct().ToArray();
        var employees = (await work.Documents.LoadManyAsync<Employee>(cancellationToken, employeeIds)).ToDictionary(e => e.Id);

        var results = new List<SubjectPayout>();
        for (var i = 0; i < request.Actuals!.Count; i++)
        {
            var subject = request.Actuals[i];
            Employee? employee = null;
            if (subject.EmployeeId is { } employeeId && !employees.TryGetValue(employeeId, out employee))
            {
                await Send.ResultAsync(Problems.Validation($"actuals[{i}].employeeId", $"No employee with id '{employeeId}' exists.", "EmployeeExists"));
                return;
            }

            var index = employee is not null
                ? document.AssignmentFor(employee.Id, employee.TeamId, Engine.Common.Roles.TryParse(employee.Role, out var role) ? role : null)
                : document.AssignmentFor(null, subject.TeamId, Engine.Common.Roles.TryParse(subject.Role, out var subjectRole) ? subjectRole : null);
            if (index < 0)
            {
                await Send.ResultAsync(Problems.Validation($"actuals[{i}]", "No assignment of the plan applies to this employee, role or team.", "AssignmentExists"));
                return;
            }

            var baseSalary = subject.BaseSalary ?? (employee is not null && employee.Currency == document.Currency ? employee.BaseSalary : null);
            var payout = PayoutCalculator.Calculate(new PayoutInput
            {
                Assignment = document.Assignments[index],
                Period = period,
                Currency = document.Currency,
                Locale = locale,
                BaseSalary = baseSalary,
                Actuals = MetricInputs.Values(subject.Metrics),
                PreviousActuals = MetricInputs.Values(subject.PreviousMetrics),
                GroupActuals = MetricInputs.Groups(subject.GroupMetrics),
                SpifActuals = MetricInputs.Groups(subject.SpifMetrics),
                Deals = (subject.Deals ?? []).Select(d => new CreditedDeal
                {
                    DealId = d.DealId!,
                    Role = d.Role!.Value,
                    Revenue = d.Revenue!.Value,
                    GrossProfit = d.GrossProfit,
                    OperatingProfit = d.OperatingProfit,
                    Share = d.Share ?? 1m,
                    ClosedOn = d.ClosedOn!.Value,
                }).ToList(),
            });
            results.Add(new SubjectPayout(subject.EmployeeId, subject.Role ?? employee?.Role, subject.TeamId ?? employee?.TeamId, index, payout));
        }
        await Send.OkAsync(new Response(period.ToString(), document.Currency, results, results.Sum(r => r.Payout.Total)), cancellationToken);
    }
}
