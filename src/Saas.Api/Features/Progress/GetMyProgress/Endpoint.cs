using FastEndpoints;
using Saas.Api.Features.Employees;
using Saas.Api.Features.Statements;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Progress.GetMyProgress;

/// <summary>The signed-in employee's own progress in a period, whatever their role. A user not linked to an employee has none: 404.</summary>
public sealed class Endpoint(TenantDb db, ProgressSnapshots snapshots) : Endpoint<ProgressRequest, EmployeeProgressResponse>
{
    public override void Configure()
    {
        Get("me/progress");
        Policies(Infrastructure.Auth.Policies.TenantUser);
        Description(route => route.WithName("GetMyProgress").WithTags("Progress").ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary =>
        {
            summary.Summary = "The signed-in employee's progress in a period: provisional earnings, projection and the next paying step";
            summary.ResponseExamples[StatusCodes.Status200OK] = ProgressExamples.Employee;
        });
    }

    public override async Task HandleAsync(ProgressRequest request, CancellationToken cancellationToken)
    {
        var own = StatementAccess.Own(User);
        var (employee, period, tenantId, invalid) = await request.ReadAsync(db, snapshots,
            work => own == Guid.Empty ? Task.FromResult<Employee?>(null) : work.Documents.LoadAsync<Employee>(own, cancellationToken), ProgressRequest.Alone,
            cancellationToken);
        if ((invalid ?? (employee is null ? Problems.Of(ProblemTypes.NotFound, "Your user is not linked to an employee, so it has no progress of its own.") : null))
            is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        var snapshot = await snapshots.GetAsync(tenantId, period, cancellationToken);
        snapshot = await snapshots.WithOwnFiguresAsync(db, snapshot, [employee!.Id], onlyTouched: false, cancellationToken);
        await Send.OkAsync(ProgressReport.For(snapshot, employee), cancellationToken);
    }
}
