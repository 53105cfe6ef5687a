using FastEndpoints;
using Microsoft.AspNetCore.Http.HttpResults;
using Saas.Api.Features.Employees;
using Saas.Api.Features.Statements;
using Saas.Api.Features.Tenant;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Common;
using Saas.Engine.Payouts;
using Saas.Engine.Plans;
using Saas.Engine.Text;

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
        Summary(summary =>
        {
            summary.Summary = "Simulate the payouts that given actuals would earn, line by line";
            summary.ExampleRequest = Example.Request;
        });
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
        var language = Languages.FromLocale(locale);

        var knownAttributes = (await TenantSettings.LoadAsync(work)).KnownDealAttributes;
        if (AttributeProblem(request.Actuals!, knownAttributes) is { } attributeProblem)
        {
            await Send.ResultAsync(attributeProblem);
            return;
        }
        if (ClawbackProblem(request.Actuals!, period) is { } clawbackProblem)
        {
            await Send.ResultAsync(clawbackProblem);
            return;
        }

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
                ? employee.AssignmentIn(document)
                : document.AssignmentFor(null, subject.TeamId, Engine.Common.Roles.TryParse(subject.Role, out var subjectRole) ? subjectRole : null);
            if (index < 0)
            {
                await Send.ResultAsync(Problems.Validation($"actuals[{i}]", "No assignment of the plan applies to this employee, role or team.", "AssignmentExists"));
                return;
            }

            var baseSalary = subject.BaseSalary ?? (employee is not null && employee.Currency == document.Currency ? employee.BaseSalary : null);
            var assignment = document.Assignments[index];
            if (subject.Clawbacks is { Count: > 0 } && assignment.Clawback is null)
            {
                await Send.ResultAsync(Problems.Validation($"actuals[{i}].clawbacks",
                    $"The plan's assignments[{index}] has no clawback terms, so a statement takes nothing back; give the assignment 'clawback' terms to simulate them.",
                    "ClawbackTerms"));
                return;
            }
            var payout = PayoutCalculator.Calculate(new PayoutInput
            {
                Assignment = assignment,
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
                    Attributes = d.Attributes,
                }).ToList(),
                DrawBalance = subject.DrawBalance ?? 0m,
                Adjustments = (subject.Adjustments ?? []).Select(a => new PayoutAdjustment(a.Amount!.Value, a.Reason!.Trim())).ToList(),
                Clawbacks = Clawbacks.Applicable((subject.Clawbacks ?? []).Select(c => Candidate(c, document.Currency, language)), assignment.Clawback, language),
            });
            results.Add(new SubjectPayout(subject.EmployeeId, subject.Role ?? employee?.Role, subject.TeamId ?? employee?.TeamId, index, payout));
        }
        await Send.OkAsync(new Response(period.ToString(), document.Currency, results, results.Sum(r => r.Payout.Total)), cancellationToken);
    }

    /// <summary>A simulated refund or churn as the statement's calculation finds one: all of the commission paid is left to take
    /// back, and the trigger takes its refunded part (a refund) or all of it (a churn), before the plan's terms.</summary>
    private static Clawbacks.Candidate Candidate(ClawbackActual c, string currency, Language language)
    {
        var churn = c.Trigger == "churn";
        var fraction = churn ? 1m : c.RefundedShare ?? 1m;
        var on = c.On ?? DateOnly.MinValue;
        var reason = churn ? Clawbacks.ChurnReason(on, language) : Clawbacks.RefundReason(fraction, language);
        var commission = Currency.Round(c.Commission!.Value, currency);
        return new Clawbacks.Candidate(Guid.Empty, new PayoutClawback(c.DealId!, c.PaidIn!, Currency.Round(commission * fraction, currency), reason), churn,
            Midnight(c.WonOn ?? on), Midnight(on), currency, commission);
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static ProblemHttpResult? ClawbackProblem(IReadOnlyList<SubjectActuals> actuals, Period period)
    {
        for (var i = 0; i < actuals.Count; i++)
            for (var k = 0; k < (actuals[i].Clawbacks?.Count ?? 0); k++)
            {
                var clawback = actuals[i].Clawbacks![k];
                var at = $"actuals[{i}].clawbacks[{k}]";
                if (Period.Parse(clawback.PaidIn!).EndExclusive > period.Start)
                    return Problems.Validation($"{at}.paidIn", $"A clawback takes back commission paid for an earlier period than {period}.", "EarlierPeriod");
                if (clawback.On is { } on && !period.Contains(on))
                    return Problems.Validation($"{at}.on", $"The refund or churn happens in the simulated period, {period}.", "InPeriod");
            }
        return null;
    }

    private static ProblemHttpResult? AttributeProblem(IReadOnlyList<SubjectActuals> actuals, IReadOnlyDictionary<string, DealAttributeType> known)
    {
        for (var i = 0; i < actuals.Count; i++)
            for (var k = 0; k < (actuals[i].Deals?.Count ?? 0); k++)
                foreach (var (key, value) in actuals[i].Deals![k].Attributes ?? [])
                {
                    if (DealAttributes.KeyProblem(key) is { } keyProblem)
                        return Problems.Validation($"actuals[{i}].deals[{k}].attributes", keyProblem, "DealAttribute");
                    if (DealAttributes.Problem(key, value, known) is { } problem)
                        return Problems.Validation($"actuals[{i}].deals[{k}].attributes.{key}", problem, "DealAttribute");
                }
        return null;
    }
}
