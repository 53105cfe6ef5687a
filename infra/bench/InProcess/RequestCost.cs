using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace Saas.Bench.InProcess;

/// <summary>infra/bench/requests: the GETs of infra/bench/reads that need no ingested events, each on its own, through the
/// API's whole request pipeline on a test server: what a request costs the API without sockets, wrk or concurrency. The
/// data is written through the API first (teams, employees, generated plans, API keys, November's statements), so any build
/// with today's contract can be measured and two builds compare.</summary>
public static class RequestCost
{
    private const int Employees = 200;

    /// <summary>The period the first plan is activated from and calculated, for the statements list.</summary>
    private const string Period = "2026-11";

    public static async Task<string> RunAsync(Arguments arguments)
    {
        await using var app = await ApiHost.StartAsync(arguments.ApiFolder);
        using var client = app.GetTestClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", arguments.Token);

        var employee = await SeedAsync(client);
        var paths = new[]
        {
            "/api/v1/tenant", "/api/v1/employees?limit=50", $"/api/v1/employees/{employee}", "/api/v1/teams", "/api/v1/plans",
            "/api/v1/api-keys", $"/api/v1/statements?period={Period}&limit=50",
        };
        // Every list answers items, or an empty page would be timed.
        foreach (var path in paths)
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync(path));
            if (page.RootElement.TryGetProperty("items", out var items) && items.GetArrayLength() == 0)
                throw new InvalidOperationException($"GET {path}: no items, so an empty page would be timed.");
        }
        var requests = paths.Select(path => (Func<Task>)(async () =>
        {
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {body}");
        })).ToList();

        await Rounds.WarmUpAsync(requests, arguments.PerRound, seconds: 20);
        var measured = paths.Select(_ => new List<Round>()).ToList();
        for (var round = 0; round < arguments.Rounds; round++)
        {
            for (var i = 0; i < paths.Length; i++)
            {
                await SideBySide.MeetAsync($"{round}-{i}");
                measured[i].Add(await Rounds.MeasureAsync(requests[i], arguments.PerRound));
            }
            Console.Error.WriteLine($"  - round {round + 1}/{arguments.Rounds}: " +
                string.Join(", ", paths.Select((p, i) => $"{measured[i][^1].CpuUs:F0}")) + " µs CPU");
        }
        var mean = measured.Average(rounds => Rounds.Median(rounds.Select(r => r.CpuUs)));
        return $"""
            | one request, one at a time ({arguments.Rounds} rounds of {arguments.PerRound:N0} each, medians) | API CPU (least–most round) | wall time | allocated |
            | --- | ---: | ---: | ---: |
            {string.Join('\n', paths.Select((path, i) => Rounds.Row($"`GET {path.Replace(employee.ToString(), "{id}")}`", measured[i])))}

            The mean of the {paths.Length} medians: **{mean:F1} µs** of API CPU a request.

            """;
    }

    /// <summary>Five teams, <see cref="Employees"/> employees across them, three generated plans (the first active and its
    /// <see cref="Period"/> calculated: a statement for each of its roles' employees) and three API keys; the id of the first
    /// employee.</summary>
    private static async Task<Guid> SeedAsync(HttpClient client)
    {
        var teams = new List<Guid>();
        for (var i = 1; i <= 5; i++)
            teams.Add(await CreateAsync(client, "/api/v1/teams", new { name = $"Команда {i}", department = i % 2 == 0 ? "marketing" : "sales" }));
        string[] roles = ["sales_manager", "marketer", "smm", "sdr"];
        var first = Guid.Empty;
        for (var i = 0; i < Employees; i++)
        {
            var id = await CreateAsync(client, "/api/v1/employees", new
            {
                fullName = $"Сотрудник {i:D3}",
                email = $"employee{i:D3}@bench.example",
                role = roles[i % roles.Length],
                teamId = teams[i % teams.Count],
                baseSalary = 80_000 + i * 100,
            });
            if (i == 0)
                first = id;
        }
        var plans = new List<Guid>();
        for (var i = 1; i <= 3; i++)
            plans.Add(await CreateAsync(client, "/api/v1/plans/generate", new
            {
                description = "У нас два маркетолога, один SMM-специалист и три менеджера по продажам. Хотим увеличить CR с 15% до 20% за 3 месяца.",
                periods = new[] { Period, "2026-12", "2027-01" },
                name = $"План {i}",
            }));
        for (var i = 1; i <= 3; i++)
            await CreateAsync(client, "/api/v1/api-keys", new { name = $"CRM {i}", scopes = new[] { "actuals:write", "actuals:read" } });
        await CalculateAsync(client, plans[0]);
        return first;
    }

    private static async Task CalculateAsync(HttpClient client, Guid plan)
    {
        using (var activated = await client.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = $"{Period}-01" }))
            if (activated.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"activating plan {plan}: {(int)activated.StatusCode} {await activated.Content.ReadAsStringAsync()}");
        using var started = await client.PostAsync($"/api/v1/periods/{Period}/calculations", null);
        if (started.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"calculating {Period}: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
        var job = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            var status = (await client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{job}")).GetProperty("status").GetString();
            if (status == "succeeded")
                return;
            if (status == "failed")
                throw new InvalidOperationException($"the calculation of {Period} failed");
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        throw new InvalidOperationException($"the calculation of {Period} did not finish within 5 minutes");
    }

    private static async Task<Guid> CreateAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        using var created = JsonDocument.Parse(text);
        return created.RootElement.GetProperty("id").GetGuid();
    }
}
