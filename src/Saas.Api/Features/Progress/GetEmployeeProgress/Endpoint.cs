using FastEndpoints;
using Saas.Api.Features.Employees;
using Saas.Api.Infrastructure.Database;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Progress.GetEmployeeProgress;

/// <summary>An employee's progress in a period, for managers and admins: what they have earned so far (provisional), where the
/// pace leads, and what the next paying step takes.</summary>
public sealed class Endpoint(TenantDb db, ProgressSnapshots snapshots) : Endpoint<ProgressRequest, EmployeeProgressResponse>
{
    public override void Configure()
    {
        Get("employees/{id:guid}/progress");
        Policies(Infrastructure.Auth.Policies.TenantManager);
        Description(route => route.WithName("GetEmployeeProgress").WithTags("Progress").ProducesProblem(StatusCodes.Status404NotFound));
        Summary(summary =>
        {
            summary.Summary = "An employee's progress in a period: provisional earnings, projection and the next paying step";
            summary.ResponseExamples[StatusCodes.Status200OK] = ProgressExamples.Employee;
        });
    }

    public override async Task HandleAsync(ProgressRequest request, CancellationToken cancellationToken)
    {
        var id = Route<Guid>("id");
        var (employee, period, tenantId, invalid) = await request.ReadAsync(db, snapshots,
            work => work.Documents.LoadAsync<Employee>(id, cancellationToken), ProgressRequest.Alone, cancellationToken);
        if ((invalid ?? (employee is null ? Problems.NotFound("employee", id) : null)) is { } problem)
        {
            await Send.ResultAsync(problem);
            return;
        }
        var snapshot = await snapshots.GetAsync(tenantId, period, cancellationToken);
        snapshot = await snapshots.WithOwnFiguresAsync(db, snapshot, [employee!.Id], onlyTouched: false, cancellationToken);
        await Send.OkAsync(ProgressReport.For(snapshot, employee), cancellationToken);
    }
}
