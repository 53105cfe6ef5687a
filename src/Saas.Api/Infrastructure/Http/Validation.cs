using System.Text.Json;
using FluentValidation;

namespace Saas.Api.Infrastructure.Http;

public static class Validation
{
    /// <summary>Field names in errors match the JSON the client sent: camelCase, dotted for nested members.</summary>
    public static void UseJsonPropertyNames()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
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
