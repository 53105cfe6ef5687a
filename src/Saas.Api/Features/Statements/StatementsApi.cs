using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Features.Statements;

public static class StatementsApi
{
    public static IEndpointRouteBuilder MapStatements(this IEndpointRouteBuilder api)
    {
        var periods = api.MapGroup("/periods").WithTags("Statements");
        periods.MapPost("/{period}/calculations", StartCalculation.Handle).WithName("StartCalculation").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict);
        periods.MapGet("/{period}/payroll", ExportPayroll.Handle).WithName("ExportPayroll").RequireAuthorization(Policies.TenantAdmin)
            .Produces<string>(StatusCodes.Status200OK, "text/csv");
        periods.MapPost("/{period}/lock", LockPeriod.Handle).WithName("LockPeriod").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/jobs/{id:guid}", GetJob.Handle).WithName("GetJob").WithTags("Statements").RequireAuthorization(Policies.TenantManager);

        var statements = api.MapGroup("/statements").WithTags("Statements");
        statements.MapGet("/", ListStatements.Handle).WithName("ListStatements").RequireAuthorization(Policies.TenantUser);
        statements.MapGet("/{id:guid}", GetStatement.Handle).WithName("GetStatement").RequireAuthorization(Policies.TenantUser);
        statements.MapPost("/{id:guid}/approve", ApproveStatement.Handle).WithName("ApproveStatement").RequireAuthorization(Policies.TenantAdmin)
            .ProducesProblem(StatusCodes.Status409Conflict);
        statements.MapPost("/{id:guid}/adjustments", AddAdjustment.Handle).WithName("AddAdjustment").RequireAuthorization(Policies.TenantAdmin)
            .Validate(AddAdjustment.Validator.Instance).ProducesProblem(StatusCodes.Status409Conflict);
        statements.MapPost("/{id:guid}/inquiries", Inquiries.Ask).WithName("AskAboutStatement").RequireAuthorization(Policies.TenantUser)
            .Validate(Inquiries.AskValidator.Instance);
        statements.MapGet("/{id:guid}/inquiries", Inquiries.List).WithName("ListStatementInquiries").RequireAuthorization(Policies.TenantUser);
        statements.MapPost("/{id:guid}/inquiries/{inquiryId:guid}/replies", Inquiries.Reply).WithName("ReplyToInquiry")
            .RequireAuthorization(Policies.TenantUser).Validate(Inquiries.ReplyValidator.Instance);
        api.MapGet("/me/statements", ListStatements.Mine).WithName("ListMyStatements").WithTags("Statements").RequireAuthorization(Policies.TenantUser);
        return api;
    }
}
