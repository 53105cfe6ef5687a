using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Saas.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Saas.Api.Tests.Operations;

/// <summary>The API binary killed with SIGKILL in the middle of its work, then started again on the same database: what it
/// acknowledged is stored, a batch is stored whole or not at all, a re-sent batch stores exactly what is missing, and a
/// calculation it was running is taken up again and finished with each statement stored once.</summary>
public class CrashSafetyTests(ITestOutputHelper output)
{
    private const int Clients = 4;
    private const int BatchSize = 200;
    private const int KillAfterAcknowledged = 25;
    private const int Managers = 3;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private enum Outcome { Sent, Acknowledged, Failed }

    private static string ExternalId(int batch, int item) => $"{batch:D5}-{item:D3}";

    /// <summary>A batch of new leads and their assignments; its events' ids carry the batch number.</summary>
    private static HttpRequestMessage Batch(int batch, DateTimeOffset at)
    {
        var events = Enumerable.Range(0, BatchSize).Select(i => i % 2 == 0
            ? (object)new { source = "amocrm", externalId = ExternalId(batch, i), type = "lead.created", occurredAt = at, leadId = $"L{batch}-{i / 2}", channel = "seo" }
            : new
            {
                source = "amocrm",
                externalId = ExternalId(batch, i),
                type = "lead.assigned",
                occurredAt = at,
                leadId = $"L{batch}-{i / 2}",
                employeeExternalId = $"m{i / 2 % Managers + 1}",
            });
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/actuals/events") { Content = JsonContent.Create(new { events }) };
        request.Headers.Add("Idempotency-Key", $"batch-{batch}");
        return request;
    }

    private static async Task<Dictionary<int, long>> StoredPerBatchAsync(TestDatabase database, Guid tenant)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select split_part(external_id, '-', 1)::int, count(*) from events where tenant_id = $1 group by 1", connection);
        command.Parameters.Add(new() { Value = tenant });
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new Dictionary<int, long>();
        while (await reader.ReadAsync())
            stored[reader.GetInt32(0)] = reader.GetInt64(1);
        return stored;
    }

    [Fact]
    public async Task Acknowledged_batches_survive_a_kill_whole_and_resending_after_the_restart_stores_exactly_the_missing_ones()
    {
        var clock = Stopwatch.StartNew();
        var database = await TestDatabase.CreateAsync();
        await using var api = new ApiProcess(database);
        await api.StartAsync();
        output.WriteLine($"API ready at {clock.Elapsed.TotalSeconds:F1} s");
        var (tenant, adminToken) = await api.ProvisionTenantAsync();
        using (var admin = api.Client(adminToken))
        {
            for (var m = 1; m <= Managers; m++)
                await (await admin.PostAsJsonAsync("/api/v1/employees", new
                {
                    fullName = $"Менеджер {m}",
                    role = "sales_manager",
                    baseSalary = 100_000m,
                    externalIds = new Dictionary<string, string> { ["amocrm"] = $"m{m}" },
                })).AssertStatusAsync(HttpStatusCode.Created);
        }
        string key;
        using (var admin = api.Client(adminToken))
            key = (await (await admin.PostAsJsonAsync("/api/v1/api-keys", new { name = "amoCRM", scopes = new[] { "actuals:write" } }))
                .AssertStatusAsync(HttpStatusCode.Created)).GetProperty("key").GetString()!;
        output.WriteLine($"provisioned in {clock.Elapsed.TotalSeconds:F1} s");

        // Several clients post numbered batches until the API is killed, right after the K-th acknowledgement.
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var outcomes = new ConcurrentDictionary<int, Outcome>();
        var statuses = new ConcurrentDictionary<int, int>();
        var unexpected = new ConcurrentQueue<string>();
        var next = -1;
        var acknowledged = 0;
        var killing = false;
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var integration = api.Client();
        integration.DefaultRequestHeaders.Add("X-Api-Key", key);

        async Task SendUntilKilledAsync()
        {
            while (!Volatile.Read(ref killing))
            {
                var batch = Interlocked.Increment(ref next);
                outcomes[batch] = Outcome.Sent;
                try
                {
                    using var response = await integration.SendAsync(Batch(batch, at));
                    var body = await response.Content.ReadAsStringAsync();
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (response.StatusCode == HttpStatusCode.OK && JsonDocument.Parse(body).RootElement.GetProperty("accepted").GetInt32() == BatchSize)
                    {
                        outcomes[batch] = Outcome.Acknowledged;
                        if (Interlocked.Increment(ref acknowledged) == KillAfterAcknowledged)
                            killNow.TrySetResult();
                    }
                    else
                    {
                        unexpected.Enqueue($"batch {batch}: {(int)response.StatusCode} {body}");
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                {
                    // The connection went with the process: the client cannot tell whether the batch was stored.
                    outcomes[batch] = Outcome.Failed;
                }
            }
        }

        var senders = Enumerable.Range(0, Clients).Select(_ => Task.Run(SendUntilKilledAsync)).ToList();
        var first = await Task.WhenAny(killNow.Task, Task.WhenAll(senders), Task.Delay(Bound));
        Assert.True(first == killNow.Task,
            $"{KillAfterAcknowledged} batches were not acknowledged within {Bound.TotalSeconds} s; unexpected answers: {string.Join("; ", unexpected.Take(3))}\n{api.Output()}");
        Volatile.Write(ref killing, true);
        var inFlight = outcomes.Count(o => o.Value == Outcome.Sent);
        await api.KillAsync();
        await Task.WhenAll(senders).WaitAsync(Bound);
        await api.WaitForItsSessionsToEndAsync();
        output.WriteLine($"the killed API's sessions gone at {clock.Elapsed.TotalSeconds:F1} s");
        var sent = next + 1;
        output.WriteLine($"killed at {clock.Elapsed.TotalSeconds:F1} s: {sent} batches sent, {outcomes.Count(o => o.Value == Outcome.Acknowledged)} acknowledged, " +
                         $"{inFlight} in flight at the kill");

        Assert.True(unexpected.IsEmpty, "Answers other than 200 with every event accepted before the kill: " + string.Join("; ", unexpected.Take(5)));
        var stored = await StoredPerBatchAsync(database, tenant);
        foreach (var (batch, outcome) in outcomes.Where(o => o.Value == Outcome.Acknowledged).OrderBy(o => o.Key))
            Assert.True(stored.GetValueOrDefault(batch) == BatchSize,
                $"Batch {batch} was acknowledged (200, {BatchSize} accepted) before the kill, but {stored.GetValueOrDefault(batch)} of its {BatchSize} events are stored.");
        foreach (var (batch, count) in stored.OrderBy(s => s.Key))
        {
            Assert.True(batch < sent, $"Events of batch {batch} are stored, but only batches 0–{sent - 1} were sent.");
            Assert.True(count == BatchSize, $"Batch {batch} is half-stored after the kill: {count} of its {BatchSize} events ({outcomes[batch]}).");
        }
        var unacknowledgedStored = stored.Keys.Count(b => outcomes[b] != Outcome.Acknowledged);
        var missing = Enumerable.Range(0, sent).Count(b => !stored.ContainsKey(b));
        output.WriteLine($"after the kill: {stored.Count} batches stored whole ({unacknowledgedStored} of them unacknowledged), {missing} not at all, none in part");

        // The same batches again, with the same Idempotency-Keys, to the restarted API.
        await api.StartAsync();
        output.WriteLine($"restarted at {clock.Elapsed.TotalSeconds:F1} s");
        var answers = new ConcurrentDictionary<int, (HttpStatusCode Status, bool Replayed, int Accepted, int Duplicates, string Body)>();
        var queue = new ConcurrentQueue<int>(Enumerable.Range(0, sent));
        using var again = api.Client();
        again.DefaultRequestHeaders.Add("X-Api-Key", key);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var batch))
            {
                using var response = await again.SendAsync(Batch(batch, at));
                var body = await response.Content.ReadAsStringAsync();
                var ok = response.StatusCode == HttpStatusCode.OK;
                using var json = ok ? JsonDocument.Parse(body) : null;
                answers[batch] = (response.StatusCode, response.Headers.Contains("Idempotent-Replayed"),
                    ok ? json!.RootElement.GetProperty("accepted").GetInt32() : 0, ok ? json!.RootElement.GetProperty("duplicates").GetInt32() : 0, body);
            }
        }))).WaitAsync(Bound);

        foreach (var (batch, answer) in answers.OrderBy(a => a.Key))
        {
            Assert.True(answer.Status == HttpStatusCode.OK,
                $"Re-sending batch {batch} ({outcomes[batch]} before the kill) with its Idempotency-Key after the restart answered {(int)answer.Status}: {answer.Body}");
            if (outcomes[batch] == Outcome.Acknowledged)
                Assert.True(answer.Replayed && answer.Accepted == BatchSize,
                    $"Batch {batch} was acknowledged before the kill; re-sent with its Idempotency-Key it should replay that answer: {answer.Body}");
            else if (answer.Replayed) // answered and its answer kept, but the answer never reached the client
                Assert.True(stored.ContainsKey(batch) && answer.Accepted == BatchSize,
                    $"Batch {batch} was not acknowledged before the kill, and its replayed answer does not match the {stored.GetValueOrDefault(batch)} events stored: {answer.Body}");
            else
                Assert.True((answer.Accepted, answer.Duplicates) == (stored.ContainsKey(batch) ? (0, BatchSize) : (BatchSize, 0)),
                    $"Batch {batch} had {stored.GetValueOrDefault(batch)} events stored before it was re-sent; the API answered {answer.Body}");
        }
        var after = await StoredPerBatchAsync(database, tenant);
        Assert.Equal(Enumerable.Range(0, sent).ToDictionary(b => b, _ => (long)BatchSize), after);
        Assert.Equal(missing * BatchSize, answers.Values.Where(a => !a.Replayed).Sum(a => a.Accepted));
        Assert.DoesNotContain(statuses.Keys, status => status >= 500);
        output.WriteLine($"re-sent {sent} batches: {answers.Values.Where(a => !a.Replayed).Sum(a => a.Accepted)} events stored ({missing} batches), " +
                         $"{answers.Values.Count(a => a.Replayed)} answers replayed; {sent * BatchSize} events in all; {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>A calculation job as the database has it: the statements of its period so far, and whether one of the API's
    /// sessions waits for an advisory lock.</summary>
    private sealed record JobState(string Status, int Done, int Total, string? Worker, long Statements, bool Waiting);

    private const int Employees = 600;
    private const int PerTransaction = 200; // StatementCalculation.EmployeesPerTransaction
    private const string Period = "2026-10";

    private const string CommissionPlan = """
        {"name":"Комиссия","currency":"RUB","periods":["2026-10"],"assignments":[{"role":"sales_manager","targetVariablePay":{"amount":10000},
         "components":[{"kind":"share","id":"commission","measure":"revenue","credit":"closed","rate":0.05}]}]}
        """;

    [Fact]
    public async Task A_calculation_killed_mid_way_is_claimed_again_after_the_restart_and_finishes_with_each_statement_stored_once()
    {
        Assert.Equal(PerTransaction, Saas.Api.Features.Statements.StatementCalculation.EmployeesPerTransaction);
        var clock = Stopwatch.StartNew();
        var database = await TestDatabase.CreateAsync();
        // Jobs of a silent worker are claimed again after 3 s rather than the default 2 minutes.
        await using var api = new ApiProcess(database, new() { ["Calculations__StaleAfter"] = "00:00:03" });
        await api.StartAsync();
        var (tenant, adminToken) = await api.ProvisionTenantAsync();
        using var admin = api.Client(adminToken);
        await database.ExecuteAsAdminAsync($"""
            insert into documents.mt_doc_employee (tenant_id, id, data, mt_dotnet_type, mt_version, role, status)
            select '{tenant}', id,
                   jsonb_build_object('id', id, 'fullName', 'Менеджер ' || i, 'role', 'sales_manager', 'department', 'sales',
                                      'baseSalary', 100000, 'currency', 'RUB', 'startDate', '2026-01-01', 'status', 'active'),
                   'Saas.Api.Features.Employees.Employee', 1, 'sales_manager', 'active'
            from (select gen_random_uuid() as id, i from generate_series(1, {Employees}) i) e
            """);
        var employees = new List<Guid>();
        await using (var connection = new NpgsqlConnection(database.AdminConnectionString))
        {
            await connection.OpenAsync();
            // The order the calculation goes through them in.
            await using var command = new NpgsqlCommand($"select id from documents.mt_doc_employee where tenant_id = '{tenant}' order by id", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                employees.Add(reader.GetGuid(0));
        }
        var plan = (await (await admin.PostAsync("/api/v1/plans", HttpAssertions.Json(CommissionPlan))).AssertStatusAsync(HttpStatusCode.Created))
            .GetProperty("id").GetGuid();
        await (await admin.PostAsJsonAsync($"/api/v1/plans/{plan}/activate", new { effectiveFrom = "2026-10-01" })).AssertStatusAsync(HttpStatusCode.OK);
        // One deal of 100 000 won by each employee: a commission of 5 000 on every statement.
        var deals = employees.Select((id, i) => new
        {
            source = "amocrm",
            externalId = $"w{i}",
            type = "deal.won",
            occurredAt = "2026-10-15T12:00:00+03:00",
            dealId = $"D{i}",
            amount = 100_000m,
            currency = "RUB",
            employeeId = id,
        });
        var posted = await (await admin.PostAsJsonAsync("/api/v1/actuals/events", new { events = deals })).AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal(Employees, posted.GetProperty("accepted").GetInt32());

        // The calculation is held mid-way: the statement of the first employee of its second transaction is locked by the
        // test (the lock StatementCalculation takes per employee and period), so the first transaction's 200 statements
        // are committed and the second's are written but not committed when the API is killed.
        var held = employees[PerTransaction + PerTransaction / 2];
        var blocker = new NpgsqlConnection(database.AdminConnectionString);
        await blocker.OpenAsync();
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_lock(hashtextextended($1, 0))", blocker))
        {
            lockCommand.Parameters.Add(new() { Value = $"statement:{tenant}:{held}:{Period}" });
            await lockCommand.ExecuteNonQueryAsync();
        }
        var started = await admin.PostAsync($"/api/v1/periods/{Period}/calculations", null);
        var jobId = (await started.AssertStatusAsync(HttpStatusCode.Accepted)).GetProperty("id").GetGuid();

        await using var db = new NpgsqlConnection(database.AdminConnectionString);
        await db.OpenAsync();
        async Task<JobState> StateAsync()
        {
            await using var command = new NpgsqlCommand($"""
                select j.status, j.done, j.total, j.worker,
                       (select count(*) from documents.mt_doc_statement s where s.tenant_id = j.tenant_id::text and s.period = j.period),
                       exists (select from pg_stat_activity a where a.usename = '{TestDatabase.ApplicationRole}' and a.datname = current_database()
                               and a.wait_event_type = 'Lock' and a.wait_event = 'advisory')
                from calculation_jobs j where j.tenant_id = '{tenant}' and j.id = '{jobId}'
                """, db);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new JobState(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetInt64(4), reader.GetBoolean(5));
        }
        var wait = Stopwatch.StartNew();
        var state = await StateAsync();
        while (!(state is { Status: "running", Done: PerTransaction, Waiting: true }) && wait.Elapsed < Bound)
        {
            await Task.Delay(50);
            state = await StateAsync();
        }
        Assert.True(state is { Status: "running", Done: PerTransaction, Total: Employees, Waiting: true, Statements: PerTransaction },
            $"The job did not reach its second transaction within {Bound.TotalSeconds} s: {state}\n{api.Output()}");
        var firstWorker = state.Worker;
        var committedBefore = await StatementIdsAsync(database, tenant);
        output.WriteLine($"job {jobId} held after {PerTransaction} of {Employees} statements at {clock.Elapsed.TotalSeconds:F1} s; killing the API");

        await api.KillAsync();
        await blocker.DisposeAsync(); // the lock goes with its session
        await api.WaitForItsSessionsToEndAsync();
        state = await StateAsync();
        Assert.True(state is { Status: "running", Done: PerTransaction, Statements: PerTransaction },
            $"After the kill the job should still be running with the first transaction's {PerTransaction} statements only: {state}");

        await api.StartAsync();
        output.WriteLine($"restarted at {clock.Elapsed.TotalSeconds:F1} s");
        JsonElement job;
        wait.Restart();
        do
        {
            await Task.Delay(200);
            job = await (await admin.GetAsync($"/api/v1/jobs/{jobId}")).AssertStatusAsync(HttpStatusCode.OK);
        }
        while (job.GetProperty("status").GetString() is "queued" or "running" && wait.Elapsed < Bound);
        output.WriteLine($"job {job.GetProperty("status").GetString()} {wait.Elapsed.TotalSeconds:F1} s after the restart; {clock.Elapsed.TotalSeconds:F1} s in all");
        Assert.True(job.GetProperty("status").GetString() == "succeeded",
            $"The interrupted job did not succeed within {Bound.TotalSeconds} s of the restart: {job}\n{api.Output()}");
        Assert.Equal((Employees, Employees, Employees - PerTransaction),
            (job.GetProperty("total").GetInt32(), job.GetProperty("done").GetInt32(), job.GetProperty("changed").GetInt32()));
        Assert.NotEqual(firstWorker, (await StateAsync()).Worker);

        // One statement per employee, the first revision, from this job; the 200 committed before the kill kept as they were.
        await using var check = new NpgsqlCommand($"""
            select count(*), count(distinct s.employee_id),
                   count(*) filter (where (s.data ->> 'revision')::int = 1 and s.data ->> 'status' = 'draft' and c.data ->> 'jobId' = '{jobId}'
                                          and (c.data ->> 'total')::numeric = 5000),
                   (select count(*) from documents.mt_doc_statementauditentry a where a.tenant_id = '{tenant}' and a.data ->> 'action' = 'calculated')
            from documents.mt_doc_statement s join documents.mt_doc_calculatedstatement c on c.tenant_id = s.tenant_id and c.id = s.id
            where s.tenant_id = '{tenant}' and s.period = '{Period}'
            """, db);
        await using (var reader = await check.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Assert.Equal((Employees, Employees, Employees, Employees),
                (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }
        Assert.Subset((await StatementIdsAsync(database, tenant)).ToHashSet(), committedBefore.ToHashSet());
    }

    private static async Task<List<Guid>> StatementIdsAsync(TestDatabase database, Guid tenant)
    {
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id from documents.mt_doc_statement where tenant_id = '{tenant}'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
            ids.Add(reader.GetGuid(0));
        return ids;
    }
}
