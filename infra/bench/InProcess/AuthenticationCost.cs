using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Saas.Bench.InProcess;

/// <summary>infra/bench/auth: authenticating one request as the authentication middleware does it — a fresh request scope
/// and <c>HttpContext</c> for <c>GET /api/v1/tenant</c>, the default scheme — with the admin's bearer token (the scheme's
/// choice, the token's checks, the caller's liveness query) and without a token (the floor every request pays).</summary>
public static class AuthenticationCost
{
    public static async Task<string> RunAsync(Arguments arguments)
    {
        await using var app = ApiHost.Services(arguments.ApiFolder);
        var bearer = "Bearer " + arguments.Token;

        async Task<bool> AuthenticateAsync(string? authorization)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            context.Request.Method = HttpMethods.Get;
            context.Request.Scheme = "http";
            context.Request.Host = new HostString("127.0.0.1");
            context.Request.Path = "/api/v1/tenant";
            if (authorization is not null)
                context.Request.Headers.Authorization = authorization;
            return (await context.AuthenticateAsync()).Succeeded;
        }

        if (!await AuthenticateAsync(bearer))
            throw new InvalidOperationException("the API's services refused the token; is the API of the same commit running on this database?");
        Func<Task> withToken = async () =>
        {
            if (!await AuthenticateAsync(bearer))
                throw new InvalidOperationException("a token accepted before was refused");
        };
        Func<Task> withoutToken = async () =>
        {
            if (await AuthenticateAsync(null))
                throw new InvalidOperationException("a request without credentials was authenticated");
        };

        await Rounds.WarmUpAsync([withToken, withoutToken], arguments.PerRound, seconds: 15);
        var (token, none) = (new List<Round>(), new List<Round>());
        for (var round = 0; round < arguments.Rounds; round++)
        {
            await SideBySide.MeetAsync($"{round}-token");
            token.Add(await Rounds.MeasureAsync(withToken, arguments.PerRound));
            await SideBySide.MeetAsync($"{round}-none");
            none.Add(await Rounds.MeasureAsync(withoutToken, arguments.PerRound));
            Console.Error.WriteLine($"  - round {round + 1}/{arguments.Rounds}: with a token {token[^1].CpuUs:F1} µs CPU, without {none[^1].CpuUs:F1} µs");
        }
        var overFloor = Rounds.Median(token.Select(r => r.CpuUs)) - Rounds.Median(none.Select(r => r.CpuUs));
        return $"""
            | authenticating one request ({arguments.Rounds} rounds of {arguments.PerRound:N0}, medians) | API CPU (least–most round) | wall time | allocated |
            | --- | ---: | ---: | ---: |
            {Rounds.Row("with an admin's bearer token (signature, claims, liveness query)", token)}
            {Rounds.Row("without a token (the floor: request scope, scheme choice)", none)}

            A bearer token costs the API **{overFloor:F1} µs** of CPU a request over the floor.

            """;
    }
}
