using System.Text.Json;
using FluentValidation;

namespace Saas.Api.Infrastructure.Http;

public static class Validation
{
    /// <summary>Field names in errors match the JSON the client sent: camelCase, dotted for nested members.</summary>
    public static void UseJsonPropertyNames()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) => JsonPath(member, expression);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, expression) => JsonPath(member, expression);
    }

    // RuleFor(r => r.Admin!.Email) names "admin.email", as the client's JSON does.
    private static string? JsonPath(System.Reflection.MemberInfo? member, System.Linq.Expressions.LambdaExpression? expression)
    {
        var chain = expression is null ? null : FluentValidation.Internal.PropertyChain.FromExpression(expression).ToString();
        var path = string.IsNullOrEmpty(chain) ? member?.Name : chain;
        return path is null ? null : string.Join('.', path.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));
    }

    /// <summary>Validates the endpoint's <typeparamref name="TRequest"/> argument before the handler runs and
    /// answers 400 with the errors per field instead.</summary>
    public static RouteHandlerBuilder Validate<TRequest>(this RouteHandlerBuilder builder, IValidator<TRequest> validator) =>
        builder
            .AddEndpointFilter(async (context, next) =>
            {
                var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
                if (request is null)
                    return await next(context);
                var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
                return result.IsValid ? await next(context) : Problems.Validation(result);
            })
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
