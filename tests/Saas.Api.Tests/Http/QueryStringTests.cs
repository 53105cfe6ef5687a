using System.Net;
using Alba;
using Saas.Api.Features.Teams;
using Saas.Api.Infrastructure.Http;
using Saas.Api.Tests.Infrastructure;

namespace Saas.Api.Tests.Http;

/// <summary>A body's fields come from the body only. FastEndpoints would also copy a query-string value onto a body member of
/// the same name, an input outside the strict JSON contract (no unknown properties, every value typed and validated as JSON).</summary>
public class QueryStringTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_body_member_named_in_the_query_string_is_refused_and_nothing_is_written()
    {
        var admin = await fixture.TokenAsync(await fixture.CreateTenantAsync());

        var problem = (await fixture.Host.Scenario(s =>
        {
            s.As(admin).Post.Json(new { name = "Sales", department = "sales" }).ToUrl("/api/v1/teams").QueryString("name", "Injected");
            s.ProblemShouldBe(HttpStatusCode.BadRequest, "bad-request");
        })).ReadProblem();
        Assert.True(problem.Errors!.ContainsKey("name"), problem.Detail);
        Assert.Empty((await fixture.Host.GetAsJson<Page<TeamResponse>>("/api/v1/teams", admin)).Items);

        // A query parameter of the operation is still one, and an unrelated one is still ignored.
        Assert.Empty((await fixture.Host.GetAsJson<Page<TeamResponse>>("/api/v1/teams?department=sales&utm_source=mail", admin)).Items);
    }
}
