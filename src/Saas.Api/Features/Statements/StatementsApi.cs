using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements;

public static class StatementsApi
{
    public static IEndpointRouteBuilder MapStatements(this IEndpointRouteBuilder api)
    {
        var periods = api.MapGroup("/periods").WithTags("Statements");
        periods.MapPost("/{period}/calculations", StartCalculation.Handle).WithName("StartCalculation")
            .WithSummary("Start calculating the period's statements (a job)").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict);
        periods.MapGet("/{period}/payroll", ExportPayroll.Handle).WithName("ExportPayroll")
            .WithSummary("Payroll CSV of the period's approved totals per employee").RequireAuthorization(Policies.TenantAdmin)
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        periods.MapPost("/{period}/lock", LockPeriod.Handle).WithName("LockPeriod")
            .WithSummary("Lock a paid period so that its statements never change again").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/jobs/{id:guid}", GetJob.Handle).WithName("GetJob")
            .WithSummary("Get a job's status and progress").WithTags("Statements").RequireAuthorization(Policies.TenantManager);

        var statements = api.MapGroup("/statements").WithTags("Statements");
        statements.MapGet("/", ListStatements.Handle).WithName("ListStatements")
            .WithSummary("List statements, filtered by period and employee").RequireAuthorization(Policies.TenantUser);
        statements.MapGet("/{id:guid}", GetStatement.Handle).WithName("GetStatement")
            .WithSummary("Get a statement with its lines, formulas and explanations").RequireAuthorization(Policies.TenantUser);
        statements.MapPost("/{id:guid}/approve", ApproveStatement.Handle).WithName("ApproveStatement")
            .WithSummary("Approve a statement").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict);
        statements.MapPost("/{id:guid}/adjustments", AddAdjustment.Handle).WithName("AddAdjustment")
            .WithSummary("Add a manual adjustment with its reason to a statement").RequireAuthorization(Policies.TenantAdmin)
            .Validate(AddAdjustment.Validator.Instance).ProducesProblem(StatusCodes.Status409Conflict);
        statements.MapPost("/{id:guid}/inquiries", Inquiries.Ask).WithName("AskAboutStatement")
            .WithSummary("Question a statement line (open an inquiry)").RequireAuthorization(Policies.TenantUser)
            .Validate(Inquiries.AskValidator.Instance);
        statements.MapGet("/{id:guid}/inquiries", Inquiries.List).WithName("ListStatementInquiries")
            .WithSummary("List a statement's inquiries and their replies").RequireAuthorization(Policies.TenantUser);
        statements.MapPost("/{id:guid}/inquiries/{inquiryId:guid}/replies", Inquiries.Reply).WithName("ReplyToInquiry")
            .WithSummary("Reply to an inquiry")
            .RequireAuthorization(Policies.TenantUser).Validate(Inquiries.ReplyValidator.Instance);
        api.MapGet("/me/statements", ListStatements.Mine).WithName("ListMyStatements")
            .WithSummary("List the signed-in employee's own statements").WithTags("Statements").RequireAuthorization(Policies.TenantUser);
        return api;
    }
}
