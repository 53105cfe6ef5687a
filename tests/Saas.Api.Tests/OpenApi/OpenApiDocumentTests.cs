using System.Net;
using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.OpenApi;

public class OpenApiDocumentTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private async Task<string> DocumentAsync()
    {
        using var client = fixture.Api.Client();
        var response = await client.GetAsync("/swagger/v1/swagger.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Is_a_valid_openapi_3_document()
    {
        var json = await DocumentAsync();

        var result = OpenApiDocument.Parse(json, OpenApiConstants.Json, new OpenApiReaderSettings());

        Assert.Empty(result.Diagnostic?.Errors ?? []);
        Assert.StartsWith("3.", JsonDocument.Parse(json).RootElement.GetProperty("openapi").GetString());
        Assert.NotNull(result.Document);
        Assert.NotEmpty(result.Document!.Paths);
    }

    [Fact]
    public async Task Declares_oauth2_with_client_credentials_and_authorization_code_and_the_api_key_header()
    {
        var schemes = JsonDocument.Parse(await DocumentAsync()).RootElement.GetProperty("components").GetProperty("securitySchemes");

        var flows = schemes.GetProperty("oauth2").GetProperty("flows");
        Assert.Equal("/connect/token", flows.GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
        Assert.Equal("/connect/authorize", flows.GetProperty("authorizationCode").GetProperty("authorizationUrl").GetString());
        var apiKey = schemes.GetProperty("apiKey");
        Assert.Equal("apiKey", apiKey.GetProperty("type").GetString());
        Assert.Equal("header", apiKey.GetProperty("in").GetString());
        Assert.Equal("X-Api-Key", apiKey.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Every_operation_documents_problem_responses()
    {
        var paths = JsonDocument.Parse(await DocumentAsync()).RootElement.GetProperty("paths");
        var operations = 0;
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations++;
                var responses = operation.Value.GetProperty("responses");
                Assert.True(responses.TryGetProperty("500", out var internalError), $"{operation.Name} {path.Name}: no 500");
                Assert.True(internalError.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{operation.Name} {path.Name}: 500 is not a problem");
                if (path.Name.Contains('{'))
                    Assert.True(responses.TryGetProperty("404", out _), $"{operation.Name} {path.Name}: no 404");
                var secured = operation.Value.TryGetProperty("security", out _);
                if (secured)
                    Assert.True(responses.TryGetProperty("401", out _), $"{operation.Name} {path.Name}: no 401");
                // Everything under /api/v1 needs credentials, except activation (the token is the credential).
                if (path.Name.StartsWith("/api/v1/", StringComparison.Ordinal) && path.Name != "/api/v1/auth/activate")
                    Assert.True(secured, $"{operation.Name} {path.Name}: no security requirement");
            }
        }
        Assert.True(operations >= 5);
    }

    [Fact]
    public async Task Serves_swagger_ui()
    {
        using var client = fixture.Api.Client();
        var response = await client.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }
}
