using Saas.Api.Features.Teams;

namespace Saas.Api.Features;

public static class FeatureRoutes
{
    public static WebApplication MapFeatures(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1");
        api.MapTeams();
        return app;
    }
}
