using Mapster;
using Saas.Api.Infrastructure.Http;

namespace Saas.Api.Tests.Infrastructure;

public class MappingTests
{
    /// <summary>Every feature's Mapster configuration compiles: a response member that no longer has a source (a renamed
    /// column or field) fails here instead of going out empty.</summary>
    [Fact]
    public void Every_mapping_compiles()
    {
        var config = new TypeAdapterConfig();
        Mapping.Configure(config);

        Assert.NotEmpty(config.RuleMap);
        config.Compile();
    }

    [Fact]
    public void A_destination_member_without_a_source_fails_to_compile()
    {
        var config = new TypeAdapterConfig();
        Mapping.Configure(config);
        config.NewConfig<Source, Destination>();

        Assert.ThrowsAny<Exception>(() => config.Compile());
    }

    private sealed record Source(string Name);

    private sealed record Destination(string Name, string Renamed);
}
