using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Saas.Api.Features;
using Saas.Api.Infrastructure;
using Saas.Api.Infrastructure.Http;

namespace Saas.Bench.InProcess;

/// <summary>The API as its Program.cs composes it, with its configuration files from the API's build folder.</summary>
public static class ApiHost
{
    /// <summary>The services only: nothing listens and no background work starts.</summary>
    public static WebApplication Services(string apiFolder) => Builder(apiFolder).Build();

    /// <summary>The whole request pipeline on a test server (no sockets). The API's own background services (workers, key
    /// rotation, pruning) are left out: the running API does that work, and here it would be counted as the requests'.</summary>
    public static async Task<WebApplication> StartAsync(string apiFolder)
    {
        var builder = Builder(apiFolder);
        builder.WebHost.UseTestServer();
        var api = typeof(InfrastructureSetup).Assembly;
        foreach (var background in builder.Services.Where(s => s.ServiceType == typeof(IHostedService)
                     && (s.ImplementationType ?? s.ImplementationFactory?.Method.DeclaringType)?.Assembly == api).ToList())
            builder.Services.Remove(background);
        var app = builder.Build();
        app.UseSaasPipeline();
        app.MapSaasEndpoints();
        await app.StartAsync();
        return app;
    }

    private static WebApplicationBuilder Builder(string apiFolder)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = apiFolder });
        builder.AddSaasInfrastructure();
        builder.Services.AddFeatures(builder.Configuration);
        return builder;
    }
}
