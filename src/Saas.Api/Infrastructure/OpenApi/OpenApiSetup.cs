using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.OpenApi;
using Saas.Api.Infrastructure.Auth;
using Saas.Api.Infrastructure.Http;
using Saas.Engine.Plans;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Saas.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    public const string OAuth2Scheme = "oauth2";
    public const string ApiKeyScheme = "apiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IApiDescriptionProvider, Features.Identity.TokenServiceDescriptions>());
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "KPI & Bonus API",
                Version = "v1",
                Description = "Design, run and pay a KPI-and-bonus model for marketing and sales teams. " +
                    "Errors are RFC 9457 problem details; lists page with an opaque cursor; document writes take If-Match.",
            });
            options.AddSecurityDefinition(OAuth2Scheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "OAuth 2.0: client credentials for partners and machine clients; authorization code with PKCE (S256) for frontends.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri("/connect/token", UriKind.Relative),
                        Scopes = new Dictionary<string, string> { ["partner"] = "Provision tenants and their clients" },
                    },
                    AuthorizationCode = new OpenApiOAuthFlow
                    {
                        AuthorizationUrl = new Uri("/connect/authorize", UriKind.Relative),
                        TokenUrl = new Uri("/connect/token", UriKind.Relative),
                        Scopes = new Dictionary<string, string>
                        {
                            ["openid"] = "Sign in with OpenID Connect: an ID token, and the userinfo endpoint",
                            ["api"] = "Act as the signed-in tenant user",
                            ["offline_access"] = "Receive a refresh token",
                        },
                    },
                },
            });
            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyHeader,
                Description = "An integration's API key (scopes actuals:write, actuals:read), created by a tenant admin.",
            });
            // Plan components are polymorphic on "kind" ([JsonDerivedType] in the engine): oneOf with a discriminator.
            options.UseOneOfForPolymorphism();
            options.SelectDiscriminatorNameUsing(type =>
                type.GetCustomAttributes(typeof(JsonPolymorphicAttribute), false) is [JsonPolymorphicAttribute polymorphic] ? polymorphic.TypeDiscriminatorPropertyName : null);
            options.SelectDiscriminatorValueUsing(type =>
                type.BaseType?.GetCustomAttributes(typeof(JsonDerivedTypeAttribute), false).OfType<JsonDerivedTypeAttribute>()
                    .FirstOrDefault(derived => derived.DerivedType == type)?.TypeDiscriminator as string);
            options.DocumentFilter<PlanComponentSchemas>();
            options.DocumentFilter<TagsAndServers>();
            options.OperationFilter<FastEndpointsOperations>();
            options.SchemaFilter<RequestBodySchemas>();
            options.SchemaFilter<RequiredMembers>();
            options.SchemaFilter<DocumentedValuesSchemas>();
            // Money and the ratios that pay it are decimals: a client must not read them into binary floating point.
            options.MapType<decimal>(() => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "decimal" });
            options.MapType<decimal?>(() => new OpenApiSchema { Type = JsonSchemaType.Number | JsonSchemaType.Null, Format = "decimal" });
            // A deal attribute's value is whatever JSON scalar its type takes; where it is optional it is left out, never null.
            options.MapType<AttributeValue>(AttributeValueSchema);
            options.MapType<AttributeValue?>(AttributeValueSchema);
            options.SchemaFilter<EventAttributesSchema>();
            options.OperationFilter<StandardResponsesFilter>();
            options.OperationFilter<FormBodyFilter>();
            options.OperationFilter<IdempotencyKeyFilter>();
            options.SupportNonNullableReferenceTypes();
            // A nullable property of an object type: OpenAPI 3.0 ignores `nullable` beside a bare $ref, so wrap it in allOf.
            options.UseAllOfToExtendReferenceSchemas();
            options.DocumentFilter<SingleAllOfSchemas>();
            options.CustomSchemaIds(SchemaIds.For);
        });
        return services;
    }

    internal static OpenApiSchema AttributeValueSchema() => new()
    {
        Description = "A deal attribute's value: a number, a text or a boolean, as the attribute's type says.",
        OneOf = [new OpenApiSchema { Type = JsonSchemaType.Number }, new OpenApiSchema { Type = JsonSchemaType.String }, new OpenApiSchema { Type = JsonSchemaType.Boolean }],
    };

    public static WebApplication UseOpenApiDocument(this WebApplication app)
    {
        // Both middlewares look at every request's path, Swagger UI's with a regular expression (1.6 % of the API's CPU under a
        // GET's load, infra/bench/reads): only requests under /swagger reach them.
        var swaggerClient = app.Configuration["OpenApi:SwaggerUiClientId"];
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), swagger => swagger
            .UseSwagger(options => options.RouteTemplate = "swagger/{documentName}/swagger.json")
            .UseSwaggerUI(options =>
            {
                options.SwaggerEndpoint("/swagger/v1/swagger.json", "v1");
                options.RoutePrefix = "swagger";
                options.OAuthUsePkce();
                // A public client registered for Swagger UI (development) lets "Authorize" sign a user in.
                if (!string.IsNullOrEmpty(swaggerClient))
                {
                    options.OAuthClientId(swaggerClient);
                    options.OAuthScopes(Scopes.Api, Scopes.OfflineAccess);
                }
            }));
        return app;
    }
}

/// <summary>Use cases name their types plainly (<c>Request</c>, <c>Response</c>) in a namespace of their own
/// (<c>Features.Teams.CreateTeam</c>), or inside a use-case class, so schema ids are built from the use case to stay
/// unique and readable (<c>CreateTeamRequest</c>).</summary>
internal static class SchemaIds
{
    private const string FeaturesNamespace = "Saas.Api.Features.";

    public static string For(Type type)
    {
        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            return name + "Of" + string.Concat(type.GetGenericArguments().Select(For));
        }
        // A name clients were generated with, kept where the type moved (a form that the endpoint reads itself, say).
        if (type.GetCustomAttributes(typeof(System.ComponentModel.DisplayNameAttribute), false) is [System.ComponentModel.DisplayNameAttribute { DisplayName: { Length: > 0 } kept }])
            return kept;
        if (type.DeclaringType is { } outer)
            return For(outer) + type.Name;
        // Saas.Api.Features.<Feature>.<UseCase>.Request
        return type.Namespace is { } space && space.StartsWith(FeaturesNamespace, StringComparison.Ordinal)
            && space[FeaturesNamespace.Length..].Split('.') is [_, var useCase] && !type.Name.StartsWith(useCase, StringComparison.Ordinal)
            ? useCase + type.Name
            : type.Name;
    }
}

/// <summary>Adds the problem responses that any operation can give, so clients generated from the document
/// handle them: 401/403 where authorization applies, 404 where the path names a resource, 429 and 500
/// everywhere.</summary>
internal sealed class StandardResponsesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        operation.Responses ??= new OpenApiResponses();

        // A public operation says so (an empty requirement), rather than leaving a reader to infer it; one whose bearer token the
        // token service checks itself names the scope it needs, and describes its own errors.
        if (anonymous && metadata.OfType<TokenServiceBearer>().FirstOrDefault() is { } bearer)
        {
            operation.Security = [Requirement(OpenApiSetup.OAuth2Scheme, context, bearer.Scope)];
            // RFC 6750 §3: the error is in WWW-Authenticate, and the body is empty.
            operation.Responses["401"] = new OpenApiResponse { Description = "No valid token: WWW-Authenticate: Bearer error=\"invalid_token\"" };
            operation.Responses["403"] = new OpenApiResponse { Description = $"The token lacks scope {bearer.Scope}: WWW-Authenticate: Bearer error=\"insufficient_scope\"" };
        }
        else if (anonymous)
            operation.Security = [];
        else
        {
            Add(operation, context, ProblemTypes.Unauthorized);
            Add(operation, context, ProblemTypes.Forbidden);
            var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
            operation.Security ??= [];
            if (policies.Contains(Policies.ApiKey))
            {
                operation.Security.Add(Requirement(OpenApiSetup.ApiKeyScheme, context));
            }
            else if (policies.Contains(Policies.Partner))
            {
                operation.Security.Add(Requirement(OpenApiSetup.OAuth2Scheme, context, Scopes.Partner));
            }
            else
            {
                operation.Security.Add(Requirement(OpenApiSetup.OAuth2Scheme, context, Scopes.Api));
                if (policies.Contains(Policies.ActualsWrite) || policies.Contains(Policies.ActualsRead))
                    operation.Security.Add(Requirement(OpenApiSetup.ApiKeyScheme, context));
            }
        }
        if (context.ApiDescription.RelativePath?.Contains('{', StringComparison.Ordinal) == true)
            Add(operation, context, ProblemTypes.NotFound);
        if (context.ApiDescription.ParameterDescriptions.Count > 0 || operation.Parameters is { Count: > 0 } || operation.RequestBody is not null)
            Add(operation, context, ProblemTypes.BadRequest);
        Add(operation, context, ProblemTypes.TooManyRequests);
        Add(operation, context, ProblemTypes.Internal);
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OperationFilterContext context, params string[] scopes) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [.. scopes] };

    private static void Add(OpenApiOperation operation, OperationFilterContext context, ProblemType type)
    {
        var status = type.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(status))
            return;
        var schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses[status] = new OpenApiResponse
        {
            Description = type.Title,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = schema },
            },
        };
    }
}

/// <summary>Documents a form-encoded body that the handler reads itself (the OAuth endpoints).</summary>
public sealed record FormBody(Type Fields);

internal sealed class FormBodyFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<FormBody>().FirstOrDefault() is not { } form)
            return;
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/x-www-form-urlencoded"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(form.Fields, context.SchemaRepository) },
            },
        };
    }
}

/// <summary>Declares the <c>Idempotency-Key</c> header on the operations that honour it.</summary>
internal sealed class IdempotencyKeyFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IdempotencyKeyMetadata>().Any())
            return;
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = IdempotencyFilter.Header,
            In = ParameterLocation.Header,
            Required = false,
            Description = "Makes a retry safe: the first response to a key is replayed for 24 hours (same key, other body: 422; still running: 409).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        });
    }
}

/// <summary>Says what each tag's operations are for, and names the server as <c>/</c>: paths are relative to where
/// the document is served, behind any proxy or port.</summary>
internal sealed class TagsAndServers : IDocumentFilter
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["Actuals"] = "What integrations send with an API key: lead and deal events, ad spend, metric values and CSV exports.",
        ["API keys"] = "Keys for integrations (X-Api-Key); the secret is shown once, at creation.",
        ["Assistant"] = "Reads a team and its goals from Russian or English text.",
        ["Employees"] = "The people that plans pay, with their ids in the CRMs.",
        ["Partners"] = "Tenants and frontends that a partner provisions (client credentials, scope partner).",
        ["Plans"] = "KPI-and-bonus plans: generated or written by hand, simulated, activated and reviewed; the metric catalogue.",
        ["Problems"] = "The problem types (RFC 9457) that error responses name in their type.",
        ["Progress"] = "Progress during a period: what each employee has earned so far (provisional), where the pace leads, the next paying step.",
        ["Reports"] = "First-response SLA, its breaches, disqualified leads and what they cost, and the funnel.",
        ["Statements"] = "Calculation jobs, statements line by line, approval, adjustments, inquiries, payroll and period locks.",
        ["Teams"] = "Teams and their planned positions per role.",
        ["Tenant"] = "The company's settings: currency, time zone, working hours, SLA minutes, attribution and disqualification reasons.",
        ["Token service"] = "OAuth 2.0 and OpenID Connect: discovery, signing keys, tokens and revocation. Users sign in at /connect/authorize.",
        ["Users"] = "Who signs in: invitations, roles, activation and deactivation.",
        ["Webhooks"] = "Subscriptions to sla.breached, statement.approved, plan.activated and progress.milestone, signed with HMAC-SHA256, and their delivery log.",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Servers = [new OpenApiServer { Url = "/", Description = "This API, where the document is served from" }];
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name is { } name && Descriptions.TryGetValue(name, out var description))
                tag.Description = description;
        }
    }
}

/// <summary>Metadata of a token service operation that takes a bearer token with <see cref="Scope"/> and checks it itself
/// (OpenIddict), outside ASP.NET Core's authorization.</summary>
public sealed record TokenServiceBearer(string Scope);
