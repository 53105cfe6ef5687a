using System.Reflection;
using System.Text.Json;
using FastEndpoints;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.OpenApi;
using Saas.Api.Infrastructure.Http;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Saas.Api.Infrastructure.OpenApi;

/// <summary>Describes a FastEndpoints endpoint from its own definition, which Swashbuckle does not read: the path parameters
/// of its route (typed by the request member they bind to, else by the route constraint), the query parameters
/// (<c>[QueryParam]</c> members of the request), a body only where the method has one, and the summary and description
/// given in <c>Configure()</c>. Security and the standard problem responses come from <see cref="StandardResponsesFilter"/>.</summary>
internal sealed class FastEndpointsOperations : IOperationFilter
{
    private static readonly HashSet<string> MethodsWithBody = ["POST", "PUT", "PATCH"];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<EndpointDefinition>().FirstOrDefault() is not { } endpoint)
            return;
        operation.Summary = endpoint.EndpointSummary?.Summary is { Length: > 0 } summary ? summary : operation.Summary;
        operation.Description = endpoint.EndpointSummary?.Description is { Length: > 0 } description ? description : operation.Description;
        // An endpoint that answers several methods has one name: each of its operations is named by the method and the use case.
        if (endpoint.Verbs.Length > 1 && context.ApiDescription.HttpMethod is { } verb && endpoint.EndpointType.Namespace is { } useCase)
            operation.OperationId = verb[0] + verb[1..].ToLowerInvariant() + useCase[(useCase.LastIndexOf('.') + 1)..];

        var members = endpoint.ReqDtoType.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var parameters = new List<IOpenApiParameter>();
        var route = RoutePatternFactory.Parse(context.ApiDescription.RelativePath ?? "");
        var template = RoutePatternFactory.Parse(endpoint.Routes.FirstOrDefault() ?? "");
        foreach (var parameter in route.Parameters)
        {
            var member = members.FirstOrDefault(m => string.Equals(m.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
            var constrained = template.GetParameter(parameter.Name)?.ParameterPolicies.Any(p => p.Content == "guid") == true;
            parameters.Add(new OpenApiParameter
            {
                Name = parameter.Name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = member is not null ? Schema(member, context)
                    : constrained ? new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" } : new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        foreach (var member in members.Where(m => m.GetCustomAttribute<QueryParamAttribute>() is not null))
            parameters.Add(new OpenApiParameter
            {
                Name = JsonSetup.NameOf(member),
                In = ParameterLocation.Query,
                Required = member.GetCustomAttribute<QueryParamAttribute>()!.IsRequired,
                Schema = Schema(member, context),
                Description = member.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>()?.Description,
            });
        operation.Parameters = [.. parameters, .. operation.Parameters?.Where(p => p.In == ParameterLocation.Header) ?? []];

        var method = context.ApiDescription.HttpMethod ?? "";
        var readsItsOwnBody = operation.RequestBody?.Content?.Keys.Any(type => type is "text/csv" or "application/x-www-form-urlencoded") == true;
        if (!MethodsWithBody.Contains(method)
            || (!readsItsOwnBody && (endpoint.ReqDtoType == typeof(EmptyRequest) || endpoint.ReqDtoType.GetProperties().All(JsonSetup.IsFromRouteOrQuery))))
        {
            // The request's schema was made for a body it does not have (its members are parameters): no component is left for it.
            foreach (var schema in operation.RequestBody?.Content?.Values.Select(content => content.Schema).OfType<OpenApiSchemaReference>() ?? [])
                if (schema.Reference.Id is { } id)
                    context.SchemaRepository.Schemas.Remove(id);
            // …nor for a request type it derives from (paging, the filters shared by two lists).
            for (var type = endpoint.ReqDtoType.BaseType; type is not null && type.Namespace?.StartsWith("Saas.Api", StringComparison.Ordinal) == true;
                 type = type.BaseType)
                context.SchemaRepository.Schemas.Remove(SchemaIds.For(type));
            operation.RequestBody = null;
        }

        Examples(operation, endpoint.EndpointSummary);

        // FastEndpoints declares 401 and 403 without a body; they are problem documents (StandardResponsesFilter).
        foreach (var status in new[] { "401", "403" })
            if (operation.Responses?.TryGetValue(status, out var response) == true && response.Content is not { Count: > 0 })
                operation.Responses.Remove(status);
    }

    private static readonly JsonSerializerOptions ExampleJson = Configured();

    /// <summary>The API's JSON rules, leaving out nulls: a schema's optional member is absent rather than null in an example.</summary>
    private static JsonSerializerOptions Configured()
    {
        var options = new JsonSerializerOptions();
        JsonSetup.Configure(options);
        options.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        return options;
    }

    /// <summary>The examples an endpoint gives in <c>Summary(...)</c> (<c>ExampleRequest</c>, <c>ResponseExamples</c>), written as
    /// the API writes JSON, on its request body and on the responses it declares.</summary>
    private static void Examples(OpenApiOperation operation, EndpointSummary? summary)
    {
        if (summary?.ExampleRequest is { } request && operation.RequestBody?.Content is { } body)
            foreach (var media in body.Values.OfType<OpenApiMediaType>())
                media.Example = JsonSerializer.SerializeToNode(request, request.GetType(), ExampleJson);
        foreach (var (status, example) in summary?.ResponseExamples ?? [])
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                && response.Content is { } content)
                foreach (var media in content.Values.OfType<OpenApiMediaType>())
                    media.Example = JsonSerializer.SerializeToNode(example, example.GetType(), ExampleJson);
    }

    private static IOpenApiSchema Schema(PropertyInfo member, OperationFilterContext context) =>
        context.SchemaGenerator.GenerateSchema(member.PropertyType, context.SchemaRepository, memberInfo: member);
}

/// <summary>A request type's schema is its body: members bound from the route or the query are parameters, not properties.</summary>
internal sealed class RequestBodySchemas : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties: { } properties } concrete)
            return;
        foreach (var member in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(JsonSetup.IsFromRouteOrQuery))
        {
            var name = JsonSetup.NameOf(member);
            properties.Remove(name);
            concrete.Required?.Remove(name);
        }
    }
}
